package expr

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/arith"
	"github.com/ember-spark/ember/kernels/cmp"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Evaluator computes one expression for every row of a batch.
//
// Eval returns an array with one value per row of batch, of the Arrow type
// DataType().ArrowType(tz) (a timestamp's time zone label may differ from the
// session's; Project relabels it). The caller owns the returned array and must
// Release it; every new buffer comes from mem. An Evaluator holds no state
// between calls, so one tree can serve a whole task, one batch at a time.
type Evaluator interface {
	// DataType is the Spark type of the result.
	DataType() types.DataType
	// Eval evaluates the expression over batch.
	Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error)
	// String renders the expression for messages.
	String() string
}

// EvalMode is Spark's EvalMode; which modes an evaluator implements is said by its constructor, and the
// constructors reject the others.
type EvalMode = kernels.EvalMode

// The eval modes, as in sparkplan.
const (
	Legacy = kernels.Legacy
	ANSI   = kernels.ANSI
	Try    = kernels.Try
)

// CompareOp is a comparison operator (sparkplan.CompareOp).
type CompareOp = cmp.Op

// The comparison operators, named as in sparkplan.
const (
	Equal              = cmp.Eq
	EqualNullSafe      = cmp.NullSafeEq
	LessThan           = cmp.Lt
	LessThanOrEqual    = cmp.Le
	GreaterThan        = cmp.Gt
	GreaterThanOrEqual = cmp.Ge
)

// ArithOp is an arithmetic operator (sparkplan.ArithOp).
type ArithOp = arith.Op

// The arithmetic operators, named as in sparkplan.
const (
	Add      = arith.Add
	Subtract = arith.Sub
	Multiply = arith.Mul
	Divide   = arith.Div
)

// literalValue returns the value of e when it is a literal.
func literalValue(e Evaluator) (any, bool) {
	if l, ok := e.(*Literal); ok {
		return l.value, true
	}
	return nil, false
}
