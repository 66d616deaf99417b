package cast

// Spark: Cast.scala castToByte/Short/Int/Long/Float/Double for a NumericType
// source, and sql/catalyst/.../types/numerics.scala (the ExactNumeric objects
// ANSI mode uses):
//
//   - LEGACY: `numeric.toInt(b).toByte` etc.: integral narrowing wraps (two's
//     complement), float/double to int/long is Java's d2i/d2l (NaN 0,
//     saturating, truncating), to byte/short d2i then wrap.
//   - ANSI: integral narrowing raises CAST_OVERFLOW when the value changes;
//     float/double to an integral type raises CAST_OVERFLOW unless
//     `Math.floor(x) <= MAX && Math.ceil(x) >= MIN` (so NaN and ±Infinity
//     raise; 2^63 passes the long check, the bound being a double, and
//     saturates), then truncates. The error's value and source type are the
//     input's, the target type the final one.
//   - TRY: the ANSI cast with every exception turned into NULL.
//   - to float/double: Java's primitive conversions, the same in every mode.

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Numeric casts arr, of Spark type from, to Spark type to; both are numeric.
// A cast to the same type returns arr itself with one more reference.
func Numeric(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	if mode < kernels.Legacy || mode > kernels.Try {
		return nil, kernels.ErrUnsupported("cast in eval mode %s", mode)
	}
	if !from.IsNumeric() || !to.IsNumeric() {
		return nil, kernels.ErrUnsupported("cast from %s to %s", from, to)
	}
	if from == to {
		arr.Retain()
		return arr, nil
	}
	switch {
	case to.ID == types.Decimal:
		return toDecimal(mem, from, to, arr, mode)
	case from.ID == types.Decimal:
		return fromDecimal(mem, from, to, arr, mode)
	}
	if mode != kernels.Legacy && to.IsIntegral() && isNarrowing(from, to) {
		return fromPrimitiveExact(mem, from, to, arr, mode)
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

// isNarrowing reports whether a cast between primitive numeric types can
// overflow in ANSI mode: floating to integral, or integral to a narrower one.
func isNarrowing(from, to types.DataType) bool {
	if from.ID == types.Float || from.ID == types.Double {
		return true
	}
	return intWidth(from) > intWidth(to)
}

func intWidth(t types.DataType) int {
	switch t.ID {
	case types.Byte:
		return 1
	case types.Short:
		return 2
	case types.Int:
		return 4
	case types.Long:
		return 8
	}
	return 0
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

// fromPrimitiveExact is the ANSI / TRY cast from a floating type, or from an
// integral type to a narrower one, to an integral type.
func fromPrimitiveExact(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	f := &rowFailures{mem: mem, in: arr, mode: mode}
	n := arr.Len()
	var buf *memory.Buffer
	switch to.ID {
	case types.Byte:
		var out []int8
		buf, out = kutil.NewValues[int8](mem, n)
		exactTo(from, to, arr, out, f)
	case types.Short:
		var out []int16
		buf, out = kutil.NewValues[int16](mem, n)
		exactTo(from, to, arr, out, f)
	case types.Int:
		var out []int32
		buf, out = kutil.NewValues[int32](mem, n)
		exactTo(from, to, arr, out, f)
	case types.Long:
		var out []int64
		buf, out = kutil.NewValues[int64](mem, n)
		exactTo(from, to, arr, out, f)
	}
	return f.finish(to.ArrowType(""), buf)
}

func exactTo[T integer](from, to types.DataType, arr arrow.Array, out []T, f *rowFailures) {
	switch from.ID {
	case types.Short:
		integralExact(kutil.Values[int16](arr), from, to, out, f)
	case types.Int:
		integralExact(kutil.Values[int32](arr), from, to, out, f)
	case types.Long:
		integralExact(kutil.Values[int64](arr), from, to, out, f)
	case types.Float:
		floatingExact(kutil.Values[float32](arr), from, to, out, f)
	case types.Double:
		floatingExact(kutil.Values[float64](arr), from, to, out, f)
	}
}

// integralExact: `if (c == (T) c) (T) c else CAST_OVERFLOW`.
func integralExact[F integer, T integer](in []F, from, to types.DataType, out []T, f *rowFailures) {
	in = in[:len(out)]
	for i, v := range in {
		t := T(v)
		out[i] = t
		if F(t) != v {
			out[i] = 0
			if !f.fail(i, func() error { return kernels.ErrCastOverflow(sqlInt(int64(v), from), from, to) }) {
				return
			}
		}
	}
}

// floatingExact: `if (floor(c) <= MAX && ceil(c) >= MIN) (T) c else CAST_OVERFLOW`,
// the bounds compared as doubles.
func floatingExact[F float, T integer](in []F, from, to types.DataType, out []T, f *rowFailures) {
	in = in[:len(out)]
	lo, hi := intBounds(to)
	long := to.ID == types.Long
	for i, v := range in {
		x := float64(v)
		if math.Floor(x) <= hi && math.Ceil(x) >= lo {
			if long {
				out[i] = T(d2l(x))
			} else {
				out[i] = T(d2i(x))
			}
			continue
		}
		out[i] = 0
		if !f.fail(i, func() error { return kernels.ErrCastOverflow(sqlFloat(x, from), from, to) }) {
			return
		}
	}
}

// intBounds returns the range of an integral type as doubles (Long.MaxValue
// becomes 2^63, as in Java's comparison of a double with a long).
func intBounds(t types.DataType) (lo, hi float64) {
	switch t.ID {
	case types.Byte:
		return math.MinInt8, math.MaxInt8
	case types.Short:
		return math.MinInt16, math.MaxInt16
	case types.Int:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}
