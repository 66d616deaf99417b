package cast

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/Cast.scala
// (castToDecimal, castToLong/Int/Short/Byte, castToDouble/Float for a
// DecimalType or to a DecimalType) and sql/catalyst/src/main/scala/org/apache/spark/sql/types/Decimal.scala:
//
//   - integral -> decimal: `changePrecision(Decimal(x.toLong), target)`: the
//     exact value, NULL when it needs more than precision - scale integer
//     digits.
//   - float/double -> decimal: `changePrecision(Decimal(x.toDouble), target)`
//     where Decimal(d) is the decimal Double.toString(d) prints (see
//     decimal.FromFloat64), rounded HALF_UP; NaN and ±Infinity throw
//     NumberFormatException, caught as NULL; overflow NULL.
//   - decimal -> decimal: `toPrecision(value, target)`: HALF_UP, overflow NULL.
//   - decimal -> long: Decimal.toLong: truncation toward zero (longVal /
//     POW_10(scale), or BigDecimal.longValue, which keeps the low 64 bits of
//     the truncated integer when it does not fit a long).
//   - decimal -> int/short/byte: `numeric.toInt(b).toByte` etc., i.e.
//     Decimal.toInt = toLong.toInt, then narrowed: every step wraps.
//   - decimal -> double/float: Decimal.toDouble / toFloat, the nearest value
//     (java.math.BigDecimal.doubleValue / floatValue).
//
// ANSI mode (TRY: the same, with NULL instead of the error):
//   - to decimal: an overflow raises NUMERIC_VALUE_OUT_OF_RANGE
//     (cannotChangeDecimalPrecisionError, the value as toPlainString of the
//     source: the integer, Decimal(double), or the source decimal); float /
//     double NaN and ±Infinity still give NULL (the NumberFormatException is
//     caught in every mode).
//   - decimal -> integral: Decimal.roundToLong / roundToInt / ... raise
//     CAST_OVERFLOW (value BigDecimal.toString + "BD"). A compact decimal (kept
//     as a long: precision <= 18 when read from a row or a column vector)
//     truncates exactly; an expanded one (precision >= 19) truncates exactly
//     for long (BigInteger.longValueExact) but goes through its double for int,
//     short and byte: `floor(d) <= MAX && ceil(d) >= MIN`, then (T) d. The
//     serde only lets through decimals whose representation follows from
//     their precision (a column, or precision <= 15 where both agree).

import (
	"math"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/decimal"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

type num = decimal128.Num

// validityOrOnes returns a copy of arr's validity, or an all-valid bitmap.
func validityOrOnes(mem memory.Allocator, arr arrow.Array) *memory.Buffer {
	v, _ := kutil.CopyValidity(mem, arr)
	if v == nil {
		v = kutil.NewBitmap(mem, arr.Len())
		b := v.Bytes()
		for i := range b {
			b[i] = 0xff
		}
	}
	return v
}

func clearBit(valid []byte, i int) { valid[i>>3] &^= 1 << (i & 7) }

func toDecimal(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	if mode != kernels.Legacy {
		return toDecimalExact(mem, from, to, arr, mode)
	}
	n := arr.Len()
	validity := validityOrOnes(mem, arr)
	valid := validity.Bytes()
	buf, out := kutil.NewValues[num](mem, n)
	switch from.ID {
	case types.Byte:
		intToDecimal(kutil.Values[int8](arr), to, out, valid)
	case types.Short:
		intToDecimal(kutil.Values[int16](arr), to, out, valid)
	case types.Int:
		intToDecimal(kutil.Values[int32](arr), to, out, valid)
	case types.Long:
		intToDecimal(kutil.Values[int64](arr), to, out, valid)
	case types.Float:
		floatToDecimal(kutil.Values[float32](arr), to, out, valid)
	case types.Double:
		floatToDecimal(kutil.Values[float64](arr), to, out, valid)
	case types.Decimal:
		decimalToDecimal(kutil.Values[num](arr), from, to, out, valid)
	default:
		buf.Release()
		validity.Release()
		return nil, kernels.ErrUnsupported("cast from %s to %s", from, to)
	}
	dt := &arrow.Decimal128Type{Precision: to.Precision, Scale: to.Scale}
	return kutil.MakeArray(dt, n, kutil.NullCount(valid, n), validity, buf), nil
}

func intToDecimal[F integer](in []F, to types.DataType, out []num, valid []byte) {
	in = in[:len(out)]
	p, s := to.Precision, to.Scale
	if p-s <= 18 && s <= 18 && p <= 18 {
		// v * 10^s fits int64 whenever |v| < 10^(p-s), the only values kept.
		lim := decimal.Pow10Int64(int(p - s))
		mul := decimal.Pow10Int64(int(s))
		for i := range out {
			v := int64(in[i])
			if v <= -lim || v >= lim {
				clearBit(valid, i)
				out[i] = num{}
				continue
			}
			out[i] = decimal128.FromI64(v * mul)
		}
		return
	}
	for i := range out {
		r, ok := decimal.Rescale(decimal128.FromI64(int64(in[i])), 0, s, p)
		if !ok {
			clearBit(valid, i)
			r = num{}
		}
		out[i] = r
	}
}

func floatToDecimal[F float](in []F, to types.DataType, out []num, valid []byte) {
	in = in[:len(out)]
	var scratch []byte
	for i := range out {
		m, neg, ok := decimal.FromFloat64(float64(in[i]), to.Precision, to.Scale, &scratch)
		if !ok {
			clearBit(valid, i)
			out[i] = num{}
			continue
		}
		out[i] = decimal.Signed(m, neg)
	}
}

func decimalToDecimal(in []num, from, to types.DataType, out []num, valid []byte) {
	in = in[:len(out)]
	if from.Precision <= 18 && to.Precision <= 18 && from.Scale <= to.Scale && from.Precision+to.Scale-from.Scale <= 18 {
		// Scale up within int64.
		mul := decimal.Pow10Int64(int(to.Scale - from.Scale))
		for i := range out {
			v := int64(in[i].LowBits()) * mul
			if !decimal.FitsInt64(v, to.Precision) {
				clearBit(valid, i)
				v = 0
			}
			out[i] = decimal128.FromI64(v)
		}
		return
	}
	if from.Precision <= 18 && from.Scale > to.Scale && from.Scale-to.Scale <= 18 {
		// Scale down within int64.
		d := int(from.Scale - to.Scale)
		for i := range out {
			v := decimal.RoundInt64(int64(in[i].LowBits()), d)
			if !decimal.FitsInt64(v, to.Precision) {
				clearBit(valid, i)
				v = 0
			}
			out[i] = decimal128.FromI64(v)
		}
		return
	}
	for i := range out {
		r, ok := decimal.Rescale(in[i], from.Scale, to.Scale, to.Precision)
		if !ok {
			clearBit(valid, i)
			r = num{}
		}
		out[i] = r
	}
}

func fromDecimal(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	if mode != kernels.Legacy && to.IsIntegral() {
		return decimalToIntegralExact(mem, from, to, arr, mode)
	}
	in := kutil.Values[num](arr)
	n := arr.Len()
	var buf *memory.Buffer
	switch to.ID {
	case types.Float:
		var out []float32
		buf, out = kutil.NewValues[float32](mem, n)
		for i := range out {
			out[i] = decimal.ToFloat32(in[i], from.Scale)
		}
	case types.Double:
		var out []float64
		buf, out = kutil.NewValues[float64](mem, n)
		for i := range out {
			out[i] = decimal.ToFloat64(in[i], from.Scale)
		}
	case types.Long:
		var out []int64
		buf, out = kutil.NewValues[int64](mem, n)
		decimalToIntegral(in, from, out)
	case types.Int:
		var out []int32
		buf, out = kutil.NewValues[int32](mem, n)
		decimalToIntegral(in, from, out)
	case types.Short:
		var out []int16
		buf, out = kutil.NewValues[int16](mem, n)
		decimalToIntegral(in, from, out)
	case types.Byte:
		var out []int8
		buf, out = kutil.NewValues[int8](mem, n)
		decimalToIntegral(in, from, out)
	default:
		return nil, kernels.ErrUnsupported("cast from %s to %s", from, to)
	}
	validity, nulls := kutil.CopyValidity(mem, arr)
	return kutil.MakeArray(to.ArrowType(""), n, nulls, validity, buf), nil
}

// decimalToIntegral is Decimal.toLong (truncate toward zero, keep the low
// 64 bits), then for int, short and byte the wrapping narrowing of
// toLong.toInt and toInt.toByte / toShort.
func decimalToIntegral[T integer](in []num, from types.DataType, out []T) {
	in = in[:len(out)]
	if from.Precision <= 18 {
		p := decimal.Pow10Int64(int(from.Scale))
		for i := range out {
			out[i] = T(int64(in[i].LowBits()) / p)
		}
		return
	}
	for i := range out {
		m, neg := decimal.Abs(in[i])
		q := decimal.DivPow10(m.To256(), int(from.Scale))
		low := q[0]
		if neg {
			low = -low
		}
		out[i] = T(int64(low))
	}
}

// toDecimalExact is the ANSI / TRY cast to a decimal: the legacy result, with
// each overflowing row (NULL there, while its input is not NULL and, for
// float/double, not NaN or infinite) raising NUMERIC_VALUE_OUT_OF_RANGE or
// becoming NULL.
func toDecimalExact(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	res, err := toDecimal(mem, from, to, arr, kernels.Legacy)
	if err != nil || mode == kernels.Try || res.NullN() == arr.NullN() {
		// TRY: the overflowing rows are already NULL.
		return res, err
	}
	// Rows NULL in res but not in arr overflowed (or were NaN / Infinity).
	for i := 0; i < arr.Len(); i++ {
		if !res.IsNull(i) || arr.IsNull(i) {
			continue
		}
		var value string
		switch from.ID {
		case types.Float, types.Double:
			var d float64
			if from.ID == types.Float {
				d = float64(kutil.Values[float32](arr)[i])
			} else {
				d = kutil.Values[float64](arr)[i]
			}
			if math.IsNaN(d) || math.IsInf(d, 0) {
				continue
			}
			value = plainOfDouble(d)
		case types.Decimal:
			value = string(appendDecimalPlain(nil, kutil.Values[num](arr)[i], from.Scale))
		default:
			value = strconv.FormatInt(integralAt(arr, from, i), 10)
		}
		res.Release()
		return nil, kernels.ErrNumericValueOutOfRange(value, to.Precision, to.Scale)
	}
	return res, nil
}

// integralAt returns row i of an integral array as an int64.
func integralAt(arr arrow.Array, t types.DataType, i int) int64 {
	switch t.ID {
	case types.Byte:
		return int64(kutil.Values[int8](arr)[i])
	case types.Short:
		return int64(kutil.Values[int16](arr)[i])
	case types.Int:
		return int64(kutil.Values[int32](arr)[i])
	}
	return kutil.Values[int64](arr)[i]
}

// plainOfDouble is Decimal(d).toPlainString: the digits Double.toString
// prints, without exponent, scale at least 0.
func plainOfDouble(d float64) string {
	s := string(appendJavaDouble(nil, d, 64))
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	mant, exp := s, 0
	if k := strings.IndexByte(s, 'E'); k >= 0 {
		mant = s[:k]
		exp, _ = strconv.Atoi(s[k+1:])
	}
	dot := strings.IndexByte(mant, '.')
	digits := mant[:dot] + mant[dot+1:]
	scale := len(mant) - dot - 1 - exp
	if scale < 0 {
		digits += strings.Repeat("0", -scale)
		scale = 0
	}
	digits = strings.TrimLeft(digits, "0")
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	out := digits
	if scale > 0 {
		out = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg {
		out = "-" + out
	}
	return out
}

// decimalToIntegralExact is Decimal.roundToLong / roundToInt / roundToShort /
// roundToByte (ANSI), NULL instead of the error in TRY mode.
func decimalToIntegralExact(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	f := &rowFailures{mem: mem, in: arr, mode: mode}
	n := arr.Len()
	var buf *memory.Buffer
	switch to.ID {
	case types.Byte:
		var out []int8
		buf, out = kutil.NewValues[int8](mem, n)
		decimalRoundTo(kutil.Values[num](arr), from, to, out, f)
	case types.Short:
		var out []int16
		buf, out = kutil.NewValues[int16](mem, n)
		decimalRoundTo(kutil.Values[num](arr), from, to, out, f)
	case types.Int:
		var out []int32
		buf, out = kutil.NewValues[int32](mem, n)
		decimalRoundTo(kutil.Values[num](arr), from, to, out, f)
	case types.Long:
		var out []int64
		buf, out = kutil.NewValues[int64](mem, n)
		decimalRoundTo(kutil.Values[num](arr), from, to, out, f)
	}
	return f.finish(to.ArrowType(""), buf)
}

func decimalRoundTo[T integer](in []num, from, to types.DataType, out []T, f *rowFailures) {
	in = in[:len(out)]
	overflow := func(i int) bool {
		out[i] = 0
		v := in[i]
		return f.fail(i, func() error { return kernels.ErrCastOverflow(sqlDecimal(v, from.Scale), from, to) })
	}
	switch {
	case from.Precision <= 18:
		// Compact: actualLongVal = longVal / POW_10(scale), exact check.
		p := decimal.Pow10Int64(int(from.Scale))
		for i := range out {
			v := int64(in[i].LowBits()) / p
			out[i] = T(v)
			if int64(T(v)) != v && !overflow(i) {
				return
			}
		}
	case to.ID == types.Long:
		// Expanded: toBigInteger.longValueExact.
		for i := range out {
			m, neg := decimal.Abs(in[i])
			q := decimal.DivPow10(m.To256(), int(from.Scale))
			ok := q[1]|q[2]|q[3] == 0 && (q[0] < 1<<63 || (neg && q[0] == 1<<63))
			low := q[0]
			if neg {
				low = -low
			}
			out[i] = T(int64(low))
			if !ok && !overflow(i) {
				return
			}
		}
	default:
		// Expanded, to int/short/byte: through the double.
		lo, hi := intBounds(to)
		for i := range out {
			d := decimal.ToFloat64(in[i], from.Scale)
			if math.Floor(d) <= hi && math.Ceil(d) >= lo {
				out[i] = T(d2i(d))
				continue
			}
			if !overflow(i) {
				return
			}
		}
	}
}
