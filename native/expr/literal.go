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
	ok := false
	switch t.ID {
	case types.Boolean:
		_, ok = value.(bool)
	case types.Byte:
		_, ok = value.(int8)
	case types.Short:
		_, ok = value.(int16)
	case types.Int, types.Date:
		_, ok = value.(int32)
	case types.Long, types.Timestamp, types.TimestampNTZ:
		_, ok = value.(int64)
	case types.Float:
		_, ok = value.(float32)
	case types.Double:
		_, ok = value.(float64)
	case types.Decimal:
		var n decimal128.Num
		if n, ok = value.(decimal128.Num); ok && !n.FitsInPrecision(t.Precision) {
			return nil, fmt.Errorf("decimal literal %s does not fit %s", n.ToString(t.Scale), t)
		}
	case types.String:
		_, ok = value.(string)
	case types.Binary:
		_, ok = value.([]byte)
	}
	if !ok {
		return nil, fmt.Errorf("literal value of Go type %T does not match %s", value, t)
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
