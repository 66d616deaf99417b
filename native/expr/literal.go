package expr

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/constant"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Literal is a constant (Spark's Literal).
type Literal struct {
	t     types.DataType
	value any
}

// NewLiteral is a constant of Spark type t. value is nil for NULL, else the Go
// type sparkplan.Literal documents: bool; int8; int16; int32 (int and date
// days); int64 (long, timestamp and timestamp_ntz micros); float32; float64;
// decimal128.Num (unscaled); string; []byte. A literal of the Null type
// (types.NullType) has value nil.
func NewLiteral(t types.DataType, value any) (*Literal, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if value == nil {
		return &Literal{t: t}, nil
	}
	if err := t.CheckValue(value); err != nil {
		return nil, fmt.Errorf("literal: %w", err)
	}
	return &Literal{t: t, value: value}, nil
}

// Value is the literal's value, nil for NULL.
func (l *Literal) Value() any { return l.value }

// DataType implements Evaluator.
func (l *Literal) DataType() types.DataType { return l.t }

// Eval materializes the literal as a column of the batch's length.
func (l *Literal) Eval(_ context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	return constant.Repeat(mem, l.t, l.t.ArrowType(""), l.value, int(batch.NumRows()))
}

func (l *Literal) String() string {
	switch v := l.value.(type) {
	case nil:
		return "null"
	case decimal128.Num:
		return v.ToString(l.t.Scale)
	case string:
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprintf("%v", l.value)
}

// evalN materializes the literal as a column of n rows.
func (l *Literal) evalN(mem memory.Allocator, n int) (arrow.Array, error) {
	return constant.Repeat(mem, l.t, l.t.ArrowType(""), l.value, n)
}

// NewNullLiteral is a NULL literal of type t.
func NewNullLiteral(t types.DataType) *Literal { return &Literal{t: t} }
