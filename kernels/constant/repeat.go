package constant

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/literals.scala,
// Literal: the same value (or NULL) in every row.

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Repeat returns an array of n rows of Spark type t and Arrow type dt, each
// holding value: the Go value sparkplan.Literal documents for t (bool, int8,
// int16, int32, int64, float32, float64, decimal128.Num, string, []byte), or
// nil for NULL.
func Repeat(mem memory.Allocator, t types.DataType, dt arrow.DataType, value any, n int) (arrow.Array, error) {
	if t.ID == types.Null {
		return kutil.MakeArray(arrow.Null, n, n, nil), nil
	}
	if value == nil {
		return nullArray(mem, t, dt, n)
	}
	var err error
	var out arrow.Array
	switch t.ID {
	case types.Boolean:
		v, ok := value.(bool)
		if !ok {
			break
		}
		values := kutil.NewBitmap(mem, n)
		if v {
			b := values.Bytes()
			for i := range b {
				b[i] = 0xff
			}
		}
		out = kutil.MakeArray(dt, n, 0, nil, values)
	case types.Byte:
		out, err = fill[int8](mem, dt, value, n)
	case types.Short:
		out, err = fill[int16](mem, dt, value, n)
	case types.Int, types.Date:
		out, err = fill[int32](mem, dt, value, n)
	case types.Long, types.Timestamp, types.TimestampNTZ:
		out, err = fill[int64](mem, dt, value, n)
	case types.Float:
		out, err = fill[float32](mem, dt, value, n)
	case types.Double:
		out, err = fill[float64](mem, dt, value, n)
	case types.Decimal:
		out, err = fill[decimal128.Num](mem, dt, value, n)
	case types.String:
		if s, ok := value.(string); ok {
			out = repeatBytes(mem, dt, []byte(s), n)
		}
	case types.Binary:
		if s, ok := value.([]byte); ok {
			out = repeatBytes(mem, dt, s, n)
		}
	default:
		return nil, fmt.Errorf("constant: type %s is not supported", t)
	}
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, fmt.Errorf("constant: value of Go type %T does not match %s", value, t)
	}
	return out, nil
}

func fill[T arrow.FixedWidthType](mem memory.Allocator, dt arrow.DataType, value any, n int) (arrow.Array, error) {
	v, ok := value.(T)
	if !ok {
		return nil, fmt.Errorf("constant: value of Go type %T does not match %s", value, dt)
	}
	buf, out := kutil.NewValues[T](mem, n)
	for i := range out {
		out[i] = v
	}
	return kutil.MakeArray(dt, n, 0, nil, buf), nil
}

func repeatBytes(mem memory.Allocator, dt arrow.DataType, s []byte, n int) arrow.Array {
	obuf, offs := kutil.NewValues[int32](mem, n+1)
	dbuf := kutil.NewBytes(mem, len(s)*n)
	data := dbuf.Bytes()
	for i := 0; i <= n; i++ {
		offs[i] = int32(i * len(s))
	}
	for i := 0; i < n; i++ {
		copy(data[i*len(s):], s)
	}
	return kutil.MakeArray(dt, n, 0, nil, obuf, dbuf)
}

func nullArray(mem memory.Allocator, t types.DataType, dt arrow.DataType, n int) (arrow.Array, error) {
	validity := kutil.NewBitmap(mem, n)
	switch t.ID {
	case types.Boolean:
		return kutil.MakeArray(dt, n, n, validity, kutil.NewBitmap(mem, n)), nil
	case types.String, types.Binary:
		obuf, offs := kutil.NewValues[int32](mem, n+1)
		clear(offs)
		return kutil.MakeArray(dt, n, n, validity, obuf, kutil.NewBytes(mem, 0)), nil
	}
	width := 0
	switch t.ID {
	case types.Byte:
		width = 1
	case types.Short:
		width = 2
	case types.Int, types.Date, types.Float:
		width = 4
	case types.Long, types.Timestamp, types.TimestampNTZ, types.Double:
		width = 8
	case types.Decimal:
		width = 16
	default:
		validity.Release()
		return nil, fmt.Errorf("constant: type %s is not supported", t)
	}
	values := kutil.NewBytes(mem, n*width)
	clear(values.Bytes())
	return kutil.MakeArray(dt, n, n, validity, values), nil
}
