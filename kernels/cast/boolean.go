package cast

// Spark: Cast.scala castToBoolean for a numeric source (`x != 0`; a decimal's
// `!isZero`: NaN is true, -0.0 false) and castToByte/Short/Int/Long/Float/
// Double/Decimal for a BooleanType source (1 or 0; to decimal
// `toPrecision(Decimal.ONE or ZERO, target)`: true does not fit decimal(p, p),
// NULL in LEGACY / TRY mode, NUMERIC_VALUE_OUT_OF_RANGE in ANSI mode).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/decimal"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// NumericToBoolean casts a numeric array to boolean: value != 0.
func NumericToBoolean(mem memory.Allocator, from types.DataType, arr arrow.Array) (arrow.Array, error) {
	n := arr.Len()
	bits := kutil.NewBitmap(mem, n)
	out := bits.Bytes()
	switch from.ID {
	case types.Byte:
		nonZero(kutil.Values[int8](arr), out)
	case types.Short:
		nonZero(kutil.Values[int16](arr), out)
	case types.Int:
		nonZero(kutil.Values[int32](arr), out)
	case types.Long:
		nonZero(kutil.Values[int64](arr), out)
	case types.Float:
		nonZero(kutil.Values[float32](arr), out)
	case types.Double:
		nonZero(kutil.Values[float64](arr), out)
	case types.Decimal:
		in := kutil.Values[num](arr)
		for i := range in {
			if in[i] != (num{}) {
				out[i>>3] |= 1 << (i & 7)
			}
		}
	default:
		bits.Release()
		return nil, kernels.ErrUnsupported("cast from %s to boolean", from)
	}
	validity, nulls := kutil.CopyValidity(mem, arr)
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, nulls, validity, bits), nil
}

func nonZero[T primitive](in []T, out []byte) {
	for i, v := range in {
		if v != 0 { // NaN != 0
			out[i>>3] |= 1 << (i & 7)
		}
	}
}

// BooleanToNumeric casts a boolean array to a numeric type: true 1, false 0.
func BooleanToNumeric(mem memory.Allocator, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	b := arr.(*array.Boolean)
	n := arr.Len()
	var buf *memory.Buffer
	switch to.ID {
	case types.Byte:
		buf = boolValues[int8](mem, b)
	case types.Short:
		buf = boolValues[int16](mem, b)
	case types.Int:
		buf = boolValues[int32](mem, b)
	case types.Long:
		buf = boolValues[int64](mem, b)
	case types.Float:
		buf = boolValues[float32](mem, b)
	case types.Double:
		buf = boolValues[float64](mem, b)
	case types.Decimal:
		var one num
		fits := to.Precision-to.Scale >= 1
		if fits {
			one = decimal.Signed(decimal.Pow10(int(to.Scale)), false)
		}
		var out []num
		buf, out = kutil.NewValues[num](mem, n)
		f := &rowFailures{mem: mem, in: arr, mode: mode}
		if mode == kernels.Legacy {
			f.mode = kernels.Try // overflow is NULL
		}
		for i := range out {
			out[i] = num{}
			if b.Value(i) {
				if fits {
					out[i] = one
				} else if !f.fail(i, func() error { return kernels.ErrNumericValueOutOfRange("1", to.Precision, to.Scale) }) {
					break
				}
			}
		}
		return f.finish(&arrow.Decimal128Type{Precision: to.Precision, Scale: to.Scale}, buf)
	default:
		return nil, kernels.ErrUnsupported("cast from boolean to %s", to)
	}
	validity, nulls := kutil.CopyValidity(mem, arr)
	return kutil.MakeArray(to.ArrowType(""), n, nulls, validity, buf), nil
}

func boolValues[T primitive](mem memory.Allocator, b *array.Boolean) *memory.Buffer {
	n := b.Len()
	buf, out := kutil.NewValues[T](mem, n)
	bits := b.Data().Buffers()[1].Bytes()
	off := b.Data().Offset()
	for i := range out {
		if bitutil.BitIsSet(bits, off+i) {
			out[i] = 1
		} else {
			out[i] = 0
		}
	}
	return buf
}
