package math

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/mathExpressions.scala,
// RoundBase (Round, BRound, RoundCeil, RoundFloor) and Floor/Ceil on
// decimals through types/Decimal.scala (toPrecision, changePrecision,
// floor, ceil). Every path is the exact value rounded once in one of
// java.math.RoundingMode HALF_UP, HALF_EVEN, CEILING or FLOOR; only the
// treatment of a result that does not fit differs (see each caller).

import (
	"fmt"
	gomath "math"
	"math/bits"
	"strconv"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/decimal"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// roundMode is a java.math.RoundingMode.
type roundMode int8

const (
	halfUp roundMode = iota
	halfEven
	ceiling
	floor
)

// up reports whether the magnitude quotient q (its lowest bit odd) moves one
// away from zero, given how the dropped remainder compares with half a unit
// (cmpHalf: -1, 0, 1), whether it is non-zero, and the sign of the value.
func (m roundMode) up(cmpHalf int, nonZero, odd, neg bool) bool {
	switch m {
	case halfUp:
		return cmpHalf >= 0
	case halfEven:
		return cmpHalf > 0 || (cmpHalf == 0 && odd)
	case ceiling:
		return nonZero && !neg
	default:
		return nonZero && neg
	}
}

// divRound is the magnitude m / 10^d (d >= 1) rounded in mode, for a value of
// sign neg.
func divRound(m decimal.U128, d int32, neg bool, mode roundMode) decimal.U128 {
	if m.IsZero() {
		return m
	}
	var q decimal.U256
	var cmpHalf int
	var nonZero bool
	switch {
	case d > decimal.MaxPrecision:
		// |m| < 2^128 < 10^39 <= 10^d / 10: below half a unit
		q, cmpHalf, nonZero = decimal.U256{}, -1, true
	case d <= 19:
		var r uint64
		q, r = m.To256().DivU64(pow10u64(d))
		cmpHalf, nonZero = cmpU64(r, 5*pow10u64(d-1)), r != 0
	default:
		q1, r1 := m.To256().DivU64(pow10u64(19))
		var r2 uint64
		q, r2 = q1.DivU64(pow10u64(d - 19))
		half := 5 * pow10u64(d-20) // 5*10^(d-1) = half * 10^19
		cmpHalf = cmpU64(r2, half)
		if cmpHalf == 0 && r1 != 0 {
			cmpHalf = 1
		}
		nonZero = r1|r2 != 0
	}
	out := q.Lo128()
	if mode.up(cmpHalf, nonZero, out.Lo&1 == 1, neg) {
		out, _ = out.Add(decimal.U128{Lo: 1})
	}
	return out
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

var pow10Table = func() (t [20]uint64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return t
}()

func pow10u64(d int32) uint64 { return pow10Table[d] }

// roundDecimal rounds every decimal of a (type in) to `scale` digits after the
// point (a negative scale rounds left of it) in mode, into type out: the
// scale of out is max(0, min(in.Scale, scale)) as RoundBase.dataType makes it.
// A result that does not fit out's precision is NULL when nullOnOverflow
// (Decimal.toPrecision with nullOnOverflow) and an error otherwise (Spark
// throws there: Decimal.set(BigDecimal, p, s) for negative scales, floor and
// ceil use nullOnOverflow = false).
func roundDecimal(mem memory.Allocator, in, out types.DataType, a arrow.Array, scale int32, mode roundMode, nullOnOverflow bool) (arrow.Array, error) {
	n := a.Len()
	vals := kutil.Values[decimal128.Num](a)[:n]
	buf, res := kutil.NewValues[decimal128.Num](mem, n)
	validity, _ := kutil.CopyValidity(mem, a)
	outType := out.ArrowType("UTC")
	if scale >= in.Scale {
		copy(res, vals) // nothing dropped: the value is unchanged (and fits: out.Precision >= in.Precision)
		return kutil.MakeArray(outType, n, nullCount(validity, n), validity, buf), nil
	}
	d := in.Scale - scale // digits dropped
	k := max(0, -scale)   // zeros appended (negative scale)
	var overflow []int
	if in.Precision <= 18 && d <= 18 && k == 0 {
		p := int64(pow10u64(d))
		lim := int64(gomath.MaxInt64)
		if out.Precision <= 18 {
			lim = int64(pow10u64(out.Precision))
		}
		for i, x := range vals {
			v := int64(x.LowBits())
			q, r := v/p, v%p
			neg := r < 0
			if neg {
				r = -r
			}
			if mode.up(cmpU64(uint64(r)*2, uint64(p)), r != 0, q&1 != 0, neg) {
				if neg {
					q--
				} else {
					q++
				}
			}
			if q >= lim || q <= -lim {
				overflow = append(overflow, i)
			}
			res[i] = decimal128.FromI64(q)
		}
	} else {
		for i, x := range vals {
			mag, neg := decimal.Abs(x)
			q := divRound(mag, d, neg, mode)
			ok := true
			if k > 0 && !q.IsZero() {
				if k > decimal.MaxPrecision {
					ok = false
				} else {
					m := decimal.Mul128(q, decimal.Pow10(int(k)))
					ok = decimal.Fits256(m, out.Precision)
					q = m.Lo128()
				}
			} else {
				ok = decimal.FitsPrecision(q, out.Precision)
			}
			if !ok {
				overflow = append(overflow, i)
				q = decimal.U128{}
			}
			res[i] = decimal.Signed(q, neg)
		}
	}
	if len(overflow) > 0 {
		if validity == nil {
			validity = kutil.NewBitmap(mem, n)
			bitutil.SetBitsTo(validity.Bytes(), 0, int64(n), true)
		}
		bits := validity.Bytes()
		for _, i := range overflow {
			if !bitutil.BitIsSet(bits, i) {
				continue // a NULL row: its value is arbitrary
			}
			if !nullOnOverflow {
				buf.Release()
				validity.Release()
				return nil, decimalOverflowError(vals[i], d, k, mode, out)
			}
			res[i] = decimal128.Num{}
			bitutil.ClearBit(bits, i)
		}
	}
	return kutil.MakeArray(outType, n, nullCount(validity, n), validity, buf), nil
}

// decimalOverflowError is DataTypeErrors.decimalPrecisionExceedsMaxPrecisionError
// for the rounded value of v (d digits dropped, k zeros appended) that does not
// fit out: DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION.
func decimalOverflowError(v decimal128.Num, d, k int32, mode roundMode, out types.DataType) error {
	mag, neg := decimal.Abs(v)
	q := divRound(mag, d, neg, mode)
	digits := len(decimal.Signed(q, false).BigInt().String()) + int(k)
	return &kernels.Error{Class: "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
		Params:  map[string]string{"precision": strconv.Itoa(digits), "maxPrecision": strconv.Itoa(int(out.Precision))},
		Message: fmt.Sprintf("Decimal precision %d exceeds max precision %d.", digits, out.Precision)}
}

func nullCount(validity *memory.Buffer, n int) int {
	if validity == nil {
		return 0
	}
	return kutil.NullCount(validity.Bytes(), n)
}

// roundIntegral rounds every value of a to a multiple of 10^k (k >= 1) in
// mode (half-up or half-even) and keeps the low bits of the exact result, as
// BigDecimal.setScale(-k, mode).longValue() / intValue() (and the (short) and
// (byte) narrowings of intValue) do in LEGACY mode.
func roundIntegral[T integer](in, out []T, k int32, mode roundMode) {
	out = out[:len(in)]
	if k > 19 {
		// |x| <= 2^63 < 10^20 / 2: below half a unit
		clear(out)
		return
	}
	p := pow10u64(k)
	for i, x := range in {
		neg := x < 0
		m := uint64(int64(x))
		if neg {
			m = -m
		}
		q, r := m/p, m%p
		if mode.up(cmpU64(r, p-r), r != 0, q&1 == 1, neg) {
			q++
		}
		v := q * p // the low 64 bits of the exact product
		if neg {
			v = -v
		}
		out[i] = T(int64(v))
	}
}

// roundIntegralExact is roundIntegral without the wrap: the rows whose
// rounded value does not fit T are listed (their output is 0).
func roundIntegralExact[T integer](in, out []T, k int32, mode roundMode) (overflow []int) {
	out = out[:len(in)]
	if k > 19 {
		clear(out)
		return nil
	}
	p := pow10u64(k)
	var zero T
	maxT := uint64(1)<<(unsafe.Sizeof(zero)*8-1) - 1
	for i, x := range in {
		neg := x < 0
		m := uint64(int64(x))
		if neg {
			m = -m
		}
		q, r := m/p, m%p
		if mode.up(cmpU64(r, p-r), r != 0, q&1 == 1, neg) {
			q++
		}
		hi, v := bits.Mul64(q, p)
		if hi != 0 || v > maxT+b2u64(neg) {
			overflow = append(overflow, i)
			out[i] = 0
			continue
		}
		if neg {
			v = -v
		}
		out[i] = T(int64(v))
	}
	return overflow
}

// roundFloat64 is BigDecimal.valueOf(x).setScale(scale, mode).doubleValue()
// for finite x (NaN and the infinities are returned as they are).
// BigDecimal.valueOf parses Double.toString(x): the shortest decimal that
// rounds to x (JDK 19+; see kernels/decimal/fromfloat.go), which strconv
// prints. BigDecimal has no negative zero, so a zero result is +0.0;
// doubleValue and floatValue round correctly, as strconv.ParseFloat does.
func roundFloat64(x float64, scale int32, mode roundMode, bits int, buf *[]byte) float64 {
	if gomath.IsNaN(x) || gomath.IsInf(x, 0) {
		return x
	}
	if x == 0 {
		return 0
	}
	if mode == halfUp || mode == halfEven {
		if r, ok := roundFloat64Fast(x, scale, bits); ok {
			return r
		}
	}
	return roundFloat64Digits(x, scale, mode, bits, buf)
}

// roundFloat64Digits is roundFloat64 for finite non-zero x through the
// digits of Double.toString(x).
func roundFloat64Digits(x float64, scale int32, mode roundMode, bits int, buf *[]byte) float64 {
	b := strconv.AppendFloat((*buf)[:0], x, 'e', -1, 64)
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	// b is d[.ddd]e±xx: collect the digits in place
	e := 0
	nd := 0
	i := 0
	for ; b[i] != 'e'; i++ {
		if b[i] != '.' {
			b[nd] = b[i]
			nd++
		}
	}
	es := 1
	i++
	if b[i] == '-' {
		es = -1
		i++
	} else if b[i] == '+' {
		i++
	}
	for ; i < len(b); i++ {
		e = e*10 + int(b[i]-'0')
	}
	e *= es
	digits := b[:nd]
	// value = digits * 10^(e - nd + 1); digits after the point: nd - 1 - e
	frac := int64(nd - 1 - e)
	if frac <= int64(scale) {
		return x // already at or below the scale: the value is unchanged
	}
	drop := frac - int64(scale)
	keep := int64(nd) - drop
	var q uint64 // the kept digits (at most 17)
	cmpHalf, nonZero := -1, true
	switch {
	case keep < 0:
		// every digit dropped, the first one below the first dropped position
	case keep == 0:
		cmpHalf = cmpDigitHalf(digits)
	default:
		for _, c := range digits[:keep] {
			q = q*10 + uint64(c-'0')
		}
		cmpHalf = cmpDigitHalf(digits[keep:])
	}
	if mode.up(cmpHalf, nonZero, q&1 == 1, neg) {
		q++
	}
	if q == 0 {
		return 0
	}
	// the result is q * 10^-scale, correctly rounded
	if bits == 32 && q < 1<<24 && scale >= -10 && scale <= 10 {
		f := float32(q)
		if scale > 0 {
			f /= pow10f32[scale]
		} else {
			f *= pow10f32[-scale]
		}
		if neg {
			f = -f
		}
		return float64(f)
	}
	if bits == 64 && q < 1<<53 && scale >= -22 && scale <= 22 {
		f := float64(q)
		if scale > 0 {
			f /= pow10f[scale]
		} else {
			f *= pow10f[-scale]
		}
		if neg {
			f = -f
		}
		return f
	}
	s := strconv.AppendUint((*buf)[:0], q, 10)
	s = append(s, 'e')
	s = strconv.AppendInt(s, -int64(scale), 10)
	*buf = s
	f, _ := strconv.ParseFloat(string(s), bits) // out of range gives ±Inf, as Java's parse does
	if neg {
		f = -f
	}
	return f
}

// roundFloat64Fast is roundFloat64 for a half-up or half-even rounding of a
// finite non-zero x to 0 <= scale <= 15 when the answer does not depend on
// the decimal string: x scaled by 10^scale, y = x * 10^scale, is computed
// exactly (x = m * 2^-sh with sh <= 62, so y = m * 10^scale / 2^sh in 128
// bits), and every decimal that reads back as x lies within half an ulp of x,
// i.e. within 10^scale / 2 units of 2^-sh of y. When no half-way point
// (k + 1/2) is that close to y (and the unit 10^-scale is wider than the
// ulp), every such decimal, Double.toString's included, rounds to the same k,
// and the result is k / 10^scale as the slow path computes it (for a float,
// width = 32, in float32 arithmetic). Integral x
// below 2^53 print as themselves and are unchanged. ok is false otherwise.
func roundFloat64Fast(x float64, scale int32, width int) (float64, bool) {
	if scale < 0 || scale > 15 {
		return 0, false
	}
	ax := gomath.Abs(x)
	if !(ax < 1<<53 && ax >= 1.0/1024) {
		return 0, false
	}
	if ax == gomath.Trunc(ax) {
		return x, true
	}
	frac, exp := gomath.Frexp(ax) // ax = frac * 2^exp, 0.5 <= frac < 1, -9 <= exp <= 53
	m := uint64(frac * (1 << 53))
	sh := uint(53 - exp) // ax = m * 2^-sh, 1 <= sh <= 62
	p := pow10u64(scale)
	if uint64(1)<<sh <= p {
		return 0, false // the rounding unit is not wider than the ulp
	}
	hi, lo := bits.Mul64(m, p)
	if hi>>sh != 0 {
		return 0, false
	}
	k := hi<<(64-sh) | lo>>sh
	f := lo & (uint64(1)<<sh - 1)
	half := uint64(1) << (sh - 1)
	dist := half - f
	if f >= half {
		dist = f - half
	}
	if 2*dist <= p {
		return 0, false // a half-way point is within reach of the decimal strings of x
	}
	if f > half {
		k++
	}
	if k == 0 {
		return 0, true
	}
	var r float64
	switch {
	case width == 64 && k < 1<<53:
		r = float64(k) / pow10f[scale]
	case width == 32 && k < 1<<24 && scale <= 10:
		r = float64(float32(k) / pow10f32[scale])
	default:
		return 0, false
	}
	if x < 0 {
		r = -r
	}
	return r, true
}

// cmpDigitHalf compares the decimal fraction 0.<digits> (no trailing zeros
// beyond the first digit) with one half.
func cmpDigitHalf(digits []byte) int {
	switch {
	case digits[0] > '5':
		return 1
	case digits[0] < '5':
		return -1
	case len(digits) > 1:
		return 1
	}
	return 0
}

var pow10f = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

var pow10f32 = [...]float32{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10}

func b2u64(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
