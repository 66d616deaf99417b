package expr

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/cast"
	"github.com/ember-spark/ember/kernels/constant"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Cast converts its child to a target type (Spark's Cast).
type Cast struct {
	child  Evaluator
	target types.DataType
	mode   EvalMode
	loc    *time.Location // the session time zone, for casts that need one
}

// NewCast converts child to target in mode: the (type, type, mode) triples
// cast.Supported lists, and from the Null type to any of their targets.
// timeZone is the session time zone (an IANA name), loaded only when the
// cast depends on it.
func NewCast(child Evaluator, target types.DataType, mode EvalMode, timeZone string) (*Cast, error) {
	if err := target.Validate(); err != nil {
		return nil, err
	}
	from := child.DataType()
	if from.ID == types.Null {
		from = target
	}
	if !cast.Supported(from, target, mode) {
		return nil, fmt.Errorf("cast from %s to %s in %s mode is not supported", child.DataType(), target, mode)
	}
	loc := time.UTC
	if cast.NeedsTimeZone(child.DataType(), target) {
		l, err := cast.LoadZone(timeZone)
		if err != nil {
			return nil, fmt.Errorf("cast from %s to %s: time zone %q: %w", child.DataType(), target, timeZone, err)
		}
		loc = l
	}
	return &Cast{child: child, target: target, mode: mode, loc: loc}, nil
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
	return cast.CastIn(mem, e.child.DataType(), e.target, a, e.mode, e.loc)
}
