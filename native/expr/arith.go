package expr

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/arith"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Arithmetic is left op right (Spark's Add, Subtract, Multiply, Divide).
type Arithmetic struct {
	op          ArithOp
	left, right Evaluator
	result      types.DataType
	mode        EvalMode
}

// NewArithmetic is left op right with the result type Spark resolved. For
// byte, short, int, long, float and double, both operands and the result share
// one type, and Divide produces double only. For decimals, result is the
// decimal type Spark resolved (DecimalPrecision) and the operands may have any
// precision and scale; mode is Spark's eval mode (LEGACY, ANSI or TRY).
func NewArithmetic(op ArithOp, left, right Evaluator, result types.DataType, mode EvalMode) (*Arithmetic, error) {
	if op < Add || op > Divide {
		return nil, fmt.Errorf("unknown arithmetic operator %d", op)
	}
	if mode < Legacy || mode > Try {
		return nil, fmt.Errorf("arithmetic: unknown eval mode %d", mode)
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
	return &Arithmetic{op: op, left: left, right: right, result: result, mode: mode}, nil
}

// DataType implements Evaluator.
func (e *Arithmetic) DataType() types.DataType { return e.result }

func (e *Arithmetic) String() string { return fmt.Sprintf("(%s %s %s)", e.left, e.op, e.right) }

// Eval implements Evaluator.
func (e *Arithmetic) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	l, err := e.operand(ctx, mem, batch, e.left, true)
	if err != nil {
		return nil, err
	}
	if l.Array != nil {
		defer l.Array.Release()
	}
	_, leftLit := literalValue(e.left)
	// When both sides are literals, materialize the right one.
	r, err := e.operand(ctx, mem, batch, e.right, !leftLit)
	if err != nil {
		return nil, err
	}
	if r.Array != nil {
		defer r.Array.Release()
	}
	if e.result.ID == types.Decimal {
		return arith.Decimal(mem, e.op, e.left.DataType(), e.right.DataType(), e.result, l, r, e.mode)
	}
	return arith.Numeric(mem, e.op, e.result, l, r, e.mode)
}

// operand evaluates child, keeping a literal as a scalar when allowed.
func (e *Arithmetic) operand(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch, child Evaluator, scalarOK bool) (arith.Operand, error) {
	if v, ok := literalValue(child); ok && scalarOK {
		return arith.ScalarOperand(v), nil
	}
	a, err := child.Eval(ctx, mem, batch)
	if err != nil {
		return arith.Operand{}, err
	}
	return arith.ArrayOperand(a), nil
}
