package translate

import (
	"fmt"

	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/sparkplan"
)

// exprBuilder builds the evaluator of one expression kind.
type exprBuilder func(e sparkplan.Expr) (expr.Evaluator, error)

// buildExpr dispatches on the expression kind through exprBuilders.
func buildExpr(e sparkplan.Expr) (expr.Evaluator, error) {
	build, ok := exprBuilders[exprKind(e)]
	if !ok {
		return nil, fmt.Errorf("expression %s (%T) is not supported by this sidecar", e, e)
	}
	return build(e)
}

func buildExprs(es []sparkplan.Expr) ([]expr.Evaluator, error) {
	out := make([]expr.Evaluator, len(es))
	for i, e := range es {
		ev, err := buildExpr(e)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

func buildPair(l, r sparkplan.Expr) (expr.Evaluator, expr.Evaluator, error) {
	left, err := buildExpr(l)
	if err != nil {
		return nil, nil, err
	}
	right, err := buildExpr(r)
	return left, right, err
}

var evalModes = map[sparkplan.EvalMode]expr.EvalMode{
	sparkplan.Legacy: expr.Legacy,
	sparkplan.ANSI:   expr.ANSI,
	sparkplan.Try:    expr.Try,
}

var compareOps = map[sparkplan.CompareOp]expr.CompareOp{
	sparkplan.Equal:              expr.Equal,
	sparkplan.EqualNullSafe:      expr.EqualNullSafe,
	sparkplan.LessThan:           expr.LessThan,
	sparkplan.LessThanOrEqual:    expr.LessThanOrEqual,
	sparkplan.GreaterThan:        expr.GreaterThan,
	sparkplan.GreaterThanOrEqual: expr.GreaterThanOrEqual,
}

var arithOps = map[sparkplan.ArithOp]expr.ArithOp{
	sparkplan.Add:      expr.Add,
	sparkplan.Subtract: expr.Subtract,
	sparkplan.Multiply: expr.Multiply,
	sparkplan.Divide:   expr.Divide,
}

// buildColumnRef: BoundReference.
func buildColumnRef(e sparkplan.Expr) (expr.Evaluator, error) {
	c := e.(*sparkplan.ColumnRef)
	return expr.NewColumn(c.Ordinal, c.DataType())
}

// buildLiteral: Literal.
func buildLiteral(e sparkplan.Expr) (expr.Evaluator, error) {
	l := e.(*sparkplan.Literal)
	return expr.NewLiteral(l.DataType(), l.Value)
}

// buildComparison: EqualTo, EqualNullSafe, LessThan, LessThanOrEqual,
// GreaterThan, GreaterThanOrEqual.
func buildComparison(e sparkplan.Expr) (expr.Evaluator, error) {
	c := e.(*sparkplan.Comparison)
	l, r, err := buildPair(c.Left, c.Right)
	if err != nil {
		return nil, err
	}
	return expr.NewComparison(compareOps[c.Op], l, r)
}

// buildAnd: And.
func buildAnd(e sparkplan.Expr) (expr.Evaluator, error) {
	a := e.(*sparkplan.And)
	l, r, err := buildPair(a.Left, a.Right)
	if err != nil {
		return nil, err
	}
	return expr.NewAnd(l, r)
}

// buildOr: Or.
func buildOr(e sparkplan.Expr) (expr.Evaluator, error) {
	o := e.(*sparkplan.Or)
	l, r, err := buildPair(o.Left, o.Right)
	if err != nil {
		return nil, err
	}
	return expr.NewOr(l, r)
}

// buildNot: Not.
func buildNot(e sparkplan.Expr) (expr.Evaluator, error) {
	c, err := buildExpr(e.(*sparkplan.Not).Child)
	if err != nil {
		return nil, err
	}
	return expr.NewNot(c)
}

// buildIsNull: IsNull.
func buildIsNull(e sparkplan.Expr) (expr.Evaluator, error) {
	c, err := buildExpr(e.(*sparkplan.IsNull).Child)
	if err != nil {
		return nil, err
	}
	return expr.NewIsNull(c), nil
}

// buildIsNotNull: IsNotNull.
func buildIsNotNull(e sparkplan.Expr) (expr.Evaluator, error) {
	c, err := buildExpr(e.(*sparkplan.IsNotNull).Child)
	if err != nil {
		return nil, err
	}
	return expr.NewIsNotNull(c), nil
}

// buildArithmetic: Add, Subtract, Multiply, Divide.
func buildArithmetic(e sparkplan.Expr) (expr.Evaluator, error) {
	a := e.(*sparkplan.Arithmetic)
	l, r, err := buildPair(a.Left, a.Right)
	if err != nil {
		return nil, err
	}
	return expr.NewArithmetic(arithOps[a.Op], l, r, a.DataType(), evalModes[a.Mode])
}

// buildCast: Cast.
func buildCast(e sparkplan.Expr) (expr.Evaluator, error) {
	c := e.(*sparkplan.Cast)
	child, err := buildExpr(c.Child)
	if err != nil {
		return nil, err
	}
	return expr.NewCast(child, c.DataType(), evalModes[c.Mode], c.TimeZone)
}
