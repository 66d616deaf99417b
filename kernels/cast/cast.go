package cast

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/internal/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Supported reports whether Numeric casts from `from` to `to`.
func Supported(from, to types.DataType) bool { return from.IsNumeric() && to.IsNumeric() }

// Numeric casts arr, of Spark type from, to Spark type to; both are numeric.
// A cast to the same type returns arr itself with one more reference.
func Numeric(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	if err := kernels.RequireLegacy("cast", mode); err != nil {
		return nil, err
	}
	if !Supported(from, to) {
		return nil, kernels.ErrUnsupported("cast from %s to %s", from, to)
	}
	if from == to {
		arr.Retain()
		return arr, nil
	}
	switch {
	case to.ID == types.Decimal:
		return toDecimal(mem, from, to, arr)
	case from.ID == types.Decimal:
		return fromDecimal(mem, from, to, arr)
	}
	switch from.ID {
	case types.Byte:
		return fromPrimitive[int8](mem, to, arr)
	case types.Short:
		return fromPrimitive[int16](mem, to, arr)
	case types.Int:
		return fromPrimitive[int32](mem, to, arr)
	case types.Long:
		return fromPrimitive[int64](mem, to, arr)
	case types.Float:
		return fromPrimitive[float32](mem, to, arr)
	case types.Double:
		return fromPrimitive[float64](mem, to, arr)
	}
	return nil, kernels.ErrUnsupported("cast from %s to %s", from, to)
}

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64
}
type float interface{ ~float32 | ~float64 }
type primitive interface{ integer | float }

func isFloat[T primitive]() bool {
	var x T = 1
	x /= 2
	return x != 0
}

// fromPrimitive casts an integral or floating array to an integral or
// floating type; the validity is copied.
func fromPrimitive[F primitive](mem memory.Allocator, to types.DataType, arr arrow.Array) (arrow.Array, error) {
	in := kutil.Values[F](arr)
	n := arr.Len()
	var buf *memory.Buffer
	switch to.ID {
	case types.Byte:
		var out []int8
		buf, out = kutil.NewValues[int8](mem, n)
		toNarrow(in, out)
	case types.Short:
		var out []int16
		buf, out = kutil.NewValues[int16](mem, n)
		toNarrow(in, out)
	case types.Int:
		var out []int32
		buf, out = kutil.NewValues[int32](mem, n)
		toInt32(in, out)
	case types.Long:
		var out []int64
		buf, out = kutil.NewValues[int64](mem, n)
		toInt64(in, out)
	case types.Float:
		var out []float32
		buf, out = kutil.NewValues[float32](mem, n)
		convert(in, out)
	case types.Double:
		var out []float64
		buf, out = kutil.NewValues[float64](mem, n)
		convert(in, out)
	default:
		return nil, kernels.ErrUnsupported("cast to %s", to)
	}
	validity, nulls := kutil.CopyValidity(mem, arr)
	return kutil.MakeArray(to.ArrowType(""), n, nulls, validity, buf), nil
}

// convert is a Java primitive conversion that Go performs identically:
// integral widening and narrowing (two's complement wrap: Scala's
// `x.toInt`/`toByte` on Long, Int, Short), integral to float/double (round to
// nearest even), float to double (exact) and double to float (round to
// nearest even, overflow to infinity).
func convert[F primitive, T primitive](in []F, out []T) {
	in = in[:len(out)]
	for i := range out {
		out[i] = T(in[i])
	}
}

func toInt32[F primitive](in []F, out []int32) {
	if isFloat[F]() {
		in = in[:len(out)]
		for i := range out {
			out[i] = d2i(float64(in[i]))
		}
		return
	}
	convert(in, out)
}

func toInt64[F primitive](in []F, out []int64) {
	if isFloat[F]() {
		in = in[:len(out)]
		for i := range out {
			out[i] = d2l(float64(in[i]))
		}
		return
	}
	convert(in, out)
}

// toNarrow casts to byte or short. Spark's castToByte/castToShort for a
// NumericType in LEGACY mode is `numeric.toInt(b).toByte`: a float or double
// first goes through Java's saturating d2i, then wraps to 8 or 16 bits;
// integral values just wrap.
func toNarrow[F primitive, T int8 | int16](in []F, out []T) {
	if isFloat[F]() {
		in = in[:len(out)]
		for i := range out {
			out[i] = T(d2i(float64(in[i])))
		}
		return
	}
	convert(in, out)
}

// d2i is Java's (int) of a double (JLS 5.1.3), which Scala's Double.toInt and
// Float.toInt use: NaN is 0, values beyond the int range saturate, others
// truncate toward zero. A float widens to double exactly, so this serves both.
func d2i(v float64) int32 {
	switch {
	case v != v:
		return 0
	case v >= 2147483647:
		return 2147483647
	case v <= -2147483648:
		return -2147483648
	}
	return int32(v)
}

// d2l is Java's (long) of a double or float: NaN is 0, saturating, truncating.
func d2l(v float64) int64 {
	switch {
	case v != v:
		return 0
	case v >= 9223372036854775807:
		return 9223372036854775807
	case v <= -9223372036854775808:
		return -9223372036854775808
	}
	return int64(v)
}
