package expr

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/cast"
	"github.com/ember-spark/ember/kernels/constant"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Cast converts its child to a target type (Spark's Cast).
type Cast struct {
	child  Evaluator
	target types.DataType
	mode   EvalMode
}

// NewCast converts child to target. Casts between the numeric types (byte,
// short, int, long, float, double, decimal) are supported, and from the Null
// type to any of them; mode must be Legacy for now.
func NewCast(child Evaluator, target types.DataType, mode EvalMode) (*Cast, error) {
	if err := kernels.RequireLegacy("cast", mode); err != nil {
		return nil, err
	}
	if err := target.Validate(); err != nil {
		return nil, err
	}
	from := child.DataType()
	if !target.IsNumeric() || !(from.IsNumeric() || from.ID == types.Null) {
		return nil, fmt.Errorf("cast from %s to %s is not supported", from, target)
	}
	return &Cast{child: child, target: target, mode: mode}, nil
}

// DataType implements Evaluator.
func (e *Cast) DataType() types.DataType { return e.target }

func (e *Cast) String() string { return fmt.Sprintf("cast(%s as %s)", e.child, e.target) }

// Eval implements Evaluator.
func (e *Cast) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	if e.child.DataType().ID == types.Null {
		return constant.Repeat(mem, e.target, e.target.ArrowType(""), nil, int(batch.NumRows()))
	}
	a, err := e.child.Eval(ctx, mem, batch)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	return cast.Numeric(mem, e.child.DataType(), e.target, a, e.mode)
}
