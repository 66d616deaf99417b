package sparkplan

import (
	"fmt"

	"github.com/ember-spark/ember/sparkplan/types"
)

// The constructors below validate their arguments the way Spark's analyzer
// would have resolved them; Decode builds every node through them, and tests
// use them to build plans without protobuf.

// NewColumnRef reads column ordinal of a child whose output is input.
func NewColumnRef(input types.Schema, ordinal int, name string) (*ColumnRef, error) {
	if ordinal < 0 || ordinal >= len(input) {
		return nil, fmt.Errorf("column ordinal %d out of range: the input has %d columns", ordinal, len(input))
	}
	f := input[ordinal]
	if name == "" {
		name = f.Name
	}
	return &ColumnRef{exprType: exprType{f.Type, f.Nullable}, Ordinal: ordinal, Name: name}, nil
}

// NewLiteral builds a literal of type t; value is nil for NULL, else the Go
// type listed on Literal.
func NewLiteral(t types.DataType, value any) (*Literal, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if value == nil {
		return &Literal{exprType: exprType{t, true}}, nil
	}
	if err := t.CheckValue(value); err != nil {
		return nil, fmt.Errorf("literal: %w", err)
	}
	return &Literal{exprType: exprType{t, false}, Value: value}, nil
}

func requireBoolean(what string, e Expr) error {
	if e.DataType().ID != types.Boolean {
		return fmt.Errorf("%s must be boolean, got %s", what, e.DataType())
	}
	return nil
}

// NewComparison compares left and right, which must have the same type
// (Spark's analyzer inserts the casts).
func NewComparison(op CompareOp, left, right Expr) (*Comparison, error) {
	if op < Equal || op > GreaterThanOrEqual {
		return nil, fmt.Errorf("unknown comparison operator %d", op)
	}
	lt, rt := left.DataType(), right.DataType()
	if lt != rt && lt.ID != types.Null && rt.ID != types.Null {
		return nil, fmt.Errorf("comparison %s of different types %s and %s", op, lt, rt)
	}
	nullable := left.Nullable() || right.Nullable()
	if op == EqualNullSafe {
		nullable = false
	}
	return &Comparison{exprType: exprType{types.BooleanType, nullable}, Op: op, Left: left, Right: right}, nil
}

// NewAnd is left AND right.
func NewAnd(left, right Expr) (*And, error) {
	if err := requireBoolean("AND operand", left); err != nil {
		return nil, err
	}
	if err := requireBoolean("AND operand", right); err != nil {
		return nil, err
	}
	return &And{exprType: exprType{types.BooleanType, left.Nullable() || right.Nullable()}, Left: left, Right: right}, nil
}

// NewOr is left OR right.
func NewOr(left, right Expr) (*Or, error) {
	if err := requireBoolean("OR operand", left); err != nil {
		return nil, err
	}
	if err := requireBoolean("OR operand", right); err != nil {
		return nil, err
	}
	return &Or{exprType: exprType{types.BooleanType, left.Nullable() || right.Nullable()}, Left: left, Right: right}, nil
}

// NewNot is NOT child.
func NewNot(child Expr) (*Not, error) {
	if err := requireBoolean("NOT operand", child); err != nil {
		return nil, err
	}
	return &Not{exprType: exprType{types.BooleanType, child.Nullable()}, Child: child}, nil
}

// NewIsNull is child IS NULL.
func NewIsNull(child Expr) *IsNull {
	return &IsNull{exprType: exprType{types.BooleanType, false}, Child: child}
}

// NewIsNotNull is child IS NOT NULL.
func NewIsNotNull(child Expr) *IsNotNull {
	return &IsNotNull{exprType: exprType{types.BooleanType, false}, Child: child}
}

// NewArithmetic is left op right with result type result, as Spark resolved it.
// nullable is Spark's nullability of the expression (decimal overflow and
// division by zero make results nullable in legacy mode).
func NewArithmetic(op ArithOp, left, right Expr, result types.DataType, nullable bool, mode EvalMode) (*Arithmetic, error) {
	if op < Add || op > Divide {
		return nil, fmt.Errorf("unknown arithmetic operator %d", op)
	}
	if mode < Legacy || mode > Try {
		return nil, fmt.Errorf("unknown eval mode %d", mode)
	}
	if err := result.Validate(); err != nil {
		return nil, err
	}
	lt, rt := left.DataType(), right.DataType()
	switch {
	case result.ID == types.Decimal:
		if lt.ID != types.Decimal || rt.ID != types.Decimal {
			return nil, fmt.Errorf("decimal arithmetic %s needs decimal operands, got %s and %s", op, lt, rt)
		}
	case result.IsIntegral() || result.IsFloating():
		if lt != result || rt != result {
			return nil, fmt.Errorf("arithmetic %s of %s and %s cannot produce %s", op, lt, rt, result)
		}
		if op == Divide && result.ID != types.Double {
			return nil, fmt.Errorf("divide produces double or decimal, not %s", result)
		}
	default:
		return nil, fmt.Errorf("arithmetic %s on %s is not supported", op, result)
	}
	return &Arithmetic{exprType: exprType{result, nullable}, Op: op, Left: left, Right: right, Mode: mode}, nil
}

// castPair reports whether a cast from `from` to `to` is one the sidecar
// runs (kernels/cast.Supported has the per-mode detail).
func castPair(from, to types.DataType) bool {
	scalar := func(t types.DataType) bool { return t.IsNumeric() || t.ID == types.Boolean }
	switch {
	case from.ID == types.Null:
		return scalar(to) || to.ID == types.String
	case scalar(from) && scalar(to):
		return true
	case scalar(from) && to.ID == types.String, from.ID == types.String && scalar(to):
		return true
	}
	dt := func(t types.DataType) bool {
		return t.ID == types.Date || t.ID == types.Timestamp || t.ID == types.TimestampNTZ
	}
	ts := func(t types.DataType) bool { return t.ID == types.Timestamp || t.ID == types.TimestampNTZ }
	switch {
	case dt(from) && to.ID == types.String:
		return true
	case ts(from) && to.ID == types.Date, from.ID == types.Date && ts(to), ts(from) && ts(to):
		return true
	case from.ID == types.Timestamp && scalar(to) && to.ID != types.Decimal:
		return true
	case (from.IsNumeric() || from.ID == types.Boolean) && to.ID == types.Timestamp, from.ID == types.String && dt(to):
		return true
	case from.ID == types.Date && scalar(to):
		return true
	}
	return false
}

// NewCast converts child to target: between the numeric types, boolean and
// string (not string to string), and the datetime casts kernels/cast runs.
func NewCast(child Expr, target types.DataType, nullable bool, mode EvalMode, timeZone string) (*Cast, error) {
	if mode < Legacy || mode > Try {
		return nil, fmt.Errorf("unknown eval mode %d", mode)
	}
	if err := target.Validate(); err != nil {
		return nil, err
	}
	from := child.DataType()
	if !castPair(from, target) {
		return nil, fmt.Errorf("cast from %s to %s is not supported", from, target)
	}
	return &Cast{exprType: exprType{target, nullable}, Child: child, Mode: mode, TimeZone: timeZone}, nil
}

// NewParquetScan reads required columns from files.
func NewParquetScan(planID int64, required types.Schema, dataFilters []Expr, files []FileSplit, caseSensitive bool) (*ParquetScan, error) {
	for i, f := range required {
		if err := f.Type.Validate(); err != nil {
			return nil, fmt.Errorf("required_schema[%d] %q: %w", i, f.Name, err)
		}
	}
	for i, f := range dataFilters {
		if err := requireBoolean(fmt.Sprintf("data_filters[%d]", i), f); err != nil {
			return nil, err
		}
	}
	for i, s := range files {
		if s.Path == "" || s.Start < 0 || s.Length < 0 {
			return nil, fmt.Errorf("files[%d]: invalid split %+v", i, s)
		}
	}
	return &ParquetScan{nodeBase: nodeBase{planID, required}, RequiredSchema: required, DataFilters: dataFilters, Files: files, CaseSensitive: caseSensitive}, nil
}

// NewFilter keeps the rows of child where condition is true.
func NewFilter(planID int64, child Node, condition Expr) (*Filter, error) {
	if err := requireBoolean("filter condition", condition); err != nil {
		return nil, err
	}
	return &Filter{nodeBase: nodeBase{planID, child.Output()}, Child: child, Condition: condition}, nil
}

// NewProject computes exprs over child, naming the columns names.
func NewProject(planID int64, child Node, exprs []Expr, names []string) (*Project, error) {
	if len(names) != len(exprs) {
		return nil, fmt.Errorf("project has %d expressions but %d names", len(exprs), len(names))
	}
	out := make(types.Schema, len(exprs))
	for i, e := range exprs {
		out[i] = types.Field{Name: names[i], Type: e.DataType(), Nullable: e.Nullable()}
	}
	return &Project{nodeBase: nodeBase{planID, out}, Child: child, Exprs: exprs}, nil
}

// NewExpand expands child by projections, each with one expression per field of
// output whose type it has; a nullable expression needs a nullable field.
func NewExpand(planID int64, child Node, projections [][]Expr, output types.Schema) (*Expand, error) {
	if len(projections) == 0 {
		return nil, fmt.Errorf("expand has no projections")
	}
	for j, proj := range projections {
		if len(proj) != len(output) {
			return nil, fmt.Errorf("projection %d has %d expressions but the output has %d fields", j, len(proj), len(output))
		}
		for i, e := range proj {
			f := output[i]
			if e.DataType() != f.Type {
				return nil, fmt.Errorf("projection %d expression %d is %s but output field %q is %s", j, i, e.DataType(), f.Name, f.Type)
			}
			if e.Nullable() && !f.Nullable {
				return nil, fmt.Errorf("projection %d expression %d is nullable but output field %q is not", j, i, f.Name)
			}
		}
	}
	return &Expand{nodeBase: nodeBase{planID, output}, Child: child, Projections: projections}, nil
}

// NewUnion concatenates children of equal column types; the output takes the
// first child's names, and a column is nullable when it is in any child.
func NewUnion(planID int64, children []Node) (*Union, error) {
	if len(children) == 0 {
		return nil, fmt.Errorf("union has no children")
	}
	out := append(types.Schema(nil), children[0].Output()...)
	for i, c := range children[1:] {
		s := c.Output()
		if len(s) != len(out) {
			return nil, fmt.Errorf("union child %d has %d columns, the first %d", i+1, len(s), len(out))
		}
		for f := range s {
			if s[f].Type != out[f].Type {
				return nil, fmt.Errorf("union child %d column %d is %s, the first child's %s", i+1, f, s[f].Type, out[f].Type)
			}
			out[f].Nullable = out[f].Nullable || s[f].Nullable
		}
	}
	return &Union{nodeBase: nodeBase{planID, out}, Inputs: children}, nil
}

// NewArrowInput is a leaf fed by the JVM with rows of schema: the task's input 0.
func NewArrowInput(planID int64, schema types.Schema) (*ArrowInput, error) {
	return NewArrowInputAt(planID, 0, schema)
}

// NewArrowInputAt is a leaf fed by the JVM with rows of schema: the task's
// input number index.
func NewArrowInputAt(planID int64, index int, schema types.Schema) (*ArrowInput, error) {
	if index < 0 || index >= MaxInputs {
		return nil, fmt.Errorf("index %d is outside [0, %d)", index, MaxInputs)
	}
	for i, f := range schema {
		if err := f.Type.Validate(); err != nil {
			return nil, fmt.Errorf("schema[%d] %q: %w", i, f.Name, err)
		}
	}
	return &ArrowInput{nodeBase: nodeBase{planID, schema}, Index: index}, nil
}

// MaxInputs bounds the ArrowInput leaves of one task.
const MaxInputs = 64

// countInputs checks that the ArrowInput leaves of root are numbered 0..n-1,
// each once, and returns n and whether one of them is a broadcast.
func countInputs(root Node) (int, bool, error) {
	var seen []bool
	broadcast := false
	var walk func(n Node) error
	walk = func(n Node) error {
		if in, ok := n.(*ArrowInput); ok {
			broadcast = broadcast || in.Broadcast != nil
			for len(seen) <= in.Index {
				seen = append(seen, false)
			}
			if seen[in.Index] {
				return fmt.Errorf("two ArrowInput leaves read input %d", in.Index)
			}
			seen[in.Index] = true
		}
		for _, c := range n.Children() {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root); err != nil {
		return 0, false, err
	}
	for i, ok := range seen {
		if !ok {
			return 0, false, fmt.Errorf("the plan's ArrowInput leaves skip input %d (they must be numbered 0..%d)", i, len(seen)-1)
		}
	}
	return len(seen), broadcast, nil
}
