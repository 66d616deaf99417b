package expr

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/conditional"
	"github.com/ember-spark/ember/kernels/logic"
	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/sparkplan/types"
)

func requireBoolean(what string, e Evaluator) error {
	if id := e.DataType().ID; id != types.Boolean {
		return fmt.Errorf("%s must be boolean, got %s", what, e.DataType())
	}
	return nil
}

// And is three-valued left AND right.
type And struct{ left, right Evaluator }

// NewAnd is left AND right; both are boolean.
func NewAnd(left, right Evaluator) (*And, error) {
	if err := requireBoolean("AND operand", left); err != nil {
		return nil, err
	}
	if err := requireBoolean("AND operand", right); err != nil {
		return nil, err
	}
	return &And{left, right}, nil
}

// DataType implements Evaluator.
func (e *And) DataType() types.DataType { return types.BooleanType }

func (e *And) String() string { return fmt.Sprintf("(%s AND %s)", e.left, e.right) }

// Eval implements Evaluator. When the left side is false in every row (and
// never NULL), the right side is not evaluated.
func (e *And) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	return evalKleene(ctx, mem, batch, e.left, e.right, true)
}

// Or is three-valued left OR right.
type Or struct{ left, right Evaluator }

// NewOr is left OR right; both are boolean.
func NewOr(left, right Evaluator) (*Or, error) {
	if err := requireBoolean("OR operand", left); err != nil {
		return nil, err
	}
	if err := requireBoolean("OR operand", right); err != nil {
		return nil, err
	}
	return &Or{left, right}, nil
}

// DataType implements Evaluator.
func (e *Or) DataType() types.DataType { return types.BooleanType }

func (e *Or) String() string { return fmt.Sprintf("(%s OR %s)", e.left, e.right) }

// Eval implements Evaluator. When the left side is true in every row (and
// never NULL), the right side is not evaluated.
func (e *Or) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	return evalKleene(ctx, mem, batch, e.left, e.right, false)
}

func evalKleene(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch, left, right Evaluator, and bool) (arrow.Array, error) {
	l, err := left.Eval(ctx, mem, batch)
	if err != nil {
		return nil, err
	}
	if l.NullN() == 0 && l.Len() > 0 {
		d := l.Data()
		set := bitutil.CountSetBits(d.Buffers()[1].Bytes(), d.Offset(), d.Len())
		if (and && set == 0) || (!and && set == d.Len()) {
			return l, nil
		}
	}
	defer l.Release()
	if mayRaise(right) {
		return evalKleeneLazily(ctx, mem, batch, l, right, and)
	}
	r, err := right.Eval(ctx, mem, batch)
	if err != nil {
		return nil, err
	}
	defer r.Release()
	if and {
		return logic.And(mem, l, r)
	}
	return logic.Or(mem, l, r)
}

// evalKleeneLazily is AND / OR for a right side that can raise: as Spark's
// And.eval and Or.eval, the right side is evaluated only for the rows the left
// side does not decide (AND: left true or NULL; OR: left false or NULL).
func evalKleeneLazily(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch, l arrow.Array, right Evaluator, and bool) (arrow.Array, error) {
	lb, ok := l.(*array.Boolean)
	if !ok {
		return nil, fmt.Errorf("AND/OR: left side is %s, not boolean", l.DataType())
	}
	var decided, open []int32
	for i := 0; i < l.Len(); i++ {
		if lb.IsValid(i) && lb.Value(i) != and {
			decided = append(decided, int32(i))
		} else {
			open = append(open, int32(i))
		}
	}
	if len(open) == 0 {
		l.Retain()
		return l, nil
	}
	r, err := evalRows(ctx, mem, batch, right, open)
	if err != nil {
		return nil, err
	}
	defer r.Release()
	lOpen, err := selection.Take(mem, l, open)
	if err != nil {
		return nil, err
	}
	defer lOpen.Release()
	var combined arrow.Array
	if and {
		combined, err = logic.And(mem, lOpen, r)
	} else {
		combined, err = logic.Or(mem, lOpen, r)
	}
	if err != nil {
		return nil, err
	}
	if len(decided) == 0 {
		return combined, nil
	}
	lDecided, err := selection.Take(mem, l, decided)
	if err != nil {
		combined.Release()
		return nil, err
	}
	parts := []conditional.Part{{Rows: decided, Values: lDecided}, {Rows: open, Values: combined}}
	return merge(mem, types.BooleanType, l.Len(), parts)
}

// Not is NOT child.
type Not struct{ child Evaluator }

// NewNot is NOT child; child is boolean.
func NewNot(child Evaluator) (*Not, error) {
	if err := requireBoolean("NOT operand", child); err != nil {
		return nil, err
	}
	return &Not{child}, nil
}

// DataType implements Evaluator.
func (e *Not) DataType() types.DataType { return types.BooleanType }

func (e *Not) String() string { return fmt.Sprintf("NOT %s", e.child) }

// Eval implements Evaluator.
func (e *Not) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	return evalUnary(ctx, mem, batch, e.child, logic.Not)
}

// IsNull is child IS NULL, never NULL itself.
type IsNull struct{ child Evaluator }

// NewIsNull is child IS NULL; child may have any type.
func NewIsNull(child Evaluator) *IsNull { return &IsNull{child} }

// DataType implements Evaluator.
func (e *IsNull) DataType() types.DataType { return types.BooleanType }

func (e *IsNull) String() string { return fmt.Sprintf("isnull(%s)", e.child) }

// Eval implements Evaluator.
func (e *IsNull) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	return evalUnary(ctx, mem, batch, e.child, logic.IsNull)
}

// IsNotNull is child IS NOT NULL, never NULL itself.
type IsNotNull struct{ child Evaluator }

// NewIsNotNull is child IS NOT NULL; child may have any type.
func NewIsNotNull(child Evaluator) *IsNotNull { return &IsNotNull{child} }

// DataType implements Evaluator.
func (e *IsNotNull) DataType() types.DataType { return types.BooleanType }

func (e *IsNotNull) String() string { return fmt.Sprintf("isnotnull(%s)", e.child) }

// Eval implements Evaluator.
func (e *IsNotNull) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	return evalUnary(ctx, mem, batch, e.child, logic.IsNotNull)
}

func evalUnary(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch, child Evaluator,
	kernel func(memory.Allocator, arrow.Array) (arrow.Array, error)) (arrow.Array, error) {
	a, err := child.Eval(ctx, mem, batch)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	return kernel(mem, a)
}
