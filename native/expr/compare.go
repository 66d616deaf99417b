package expr

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/cmp"
	"github.com/ember-spark/ember/kernels/constant"
	"github.com/ember-spark/ember/kernels/logic"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Comparison is left op right (Spark's BinaryComparison); its result is
// boolean.
type Comparison struct {
	op          CompareOp
	left, right Evaluator
	t           types.DataType // operand type
}

// NewComparison compares left and right, which must have the same Spark type
// (the analyzer inserts casts); either may be of the Null type (a NULL
// literal), which makes every row NULL, or for <=> tests the other side for
// NULL.
func NewComparison(op CompareOp, left, right Evaluator) (*Comparison, error) {
	if op < Equal || op > GreaterThanOrEqual {
		return nil, fmt.Errorf("unknown comparison operator %d", op)
	}
	lt, rt := left.DataType(), right.DataType()
	t := lt
	switch {
	case lt.ID == types.Null:
		t = rt
	case rt.ID == types.Null:
	case lt != rt:
		return nil, fmt.Errorf("comparison %s of different types %s and %s", op, lt, rt)
	}
	if t.ID != types.Null && !cmp.Supported(t) {
		return nil, fmt.Errorf("comparison of %s is not supported", t)
	}
	return &Comparison{op: op, left: left, right: right, t: t}, nil
}

// DataType implements Evaluator.
func (c *Comparison) DataType() types.DataType { return types.BooleanType }

func (c *Comparison) String() string { return fmt.Sprintf("(%s %s %s)", c.left, c.op, c.right) }

// Eval implements Evaluator.
func (c *Comparison) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	lnull, rnull := c.left.DataType().ID == types.Null, c.right.DataType().ID == types.Null
	if lnull || rnull {
		return c.evalNullType(ctx, mem, batch, lnull, rnull)
	}
	if v, ok := literalValue(c.right); ok {
		l, err := c.left.Eval(ctx, mem, batch)
		if err != nil {
			return nil, err
		}
		defer l.Release()
		return cmp.CompareScalar(mem, c.op, c.t, l, v)
	}
	if v, ok := literalValue(c.left); ok {
		r, err := c.right.Eval(ctx, mem, batch)
		if err != nil {
			return nil, err
		}
		defer r.Release()
		return cmp.CompareScalar(mem, c.op.Flip(), c.t, r, v)
	}
	l, err := c.left.Eval(ctx, mem, batch)
	if err != nil {
		return nil, err
	}
	defer l.Release()
	r, err := c.right.Eval(ctx, mem, batch)
	if err != nil {
		return nil, err
	}
	defer r.Release()
	return cmp.Compare(mem, c.op, c.t, l, r)
}

// evalNullType handles an operand of the Null type: `x op NULL` is NULL and
// `x <=> NULL` is `x IS NULL` (NULL <=> NULL is true).
func (c *Comparison) evalNullType(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch, lnull, rnull bool) (arrow.Array, error) {
	n := int(batch.NumRows())
	if c.op != EqualNullSafe {
		return constant.Repeat(mem, types.BooleanType, arrow.FixedWidthTypes.Boolean, nil, n)
	}
	if lnull && rnull {
		return constant.Repeat(mem, types.BooleanType, arrow.FixedWidthTypes.Boolean, true, n)
	}
	other := c.left
	if lnull {
		other = c.right
	}
	a, err := other.Eval(ctx, mem, batch)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	return logic.IsNull(mem, a)
}
