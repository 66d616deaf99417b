package decimal

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/types/Decimal.scala,
// changePrecision(precision, scale, ROUND_HALF_UP) as used by toPrecision with
// nullOnOverflow: rescale with HALF_UP (|dropped| * 2 >= 10^diff rounds away
// from zero; BigDecimal.setScale(scale, HALF_UP) on the slow path), then fail
// when the value no longer fits the precision (|unscaled| >= 10^precision).

import "github.com/apache/arrow-go/v18/arrow/decimal128"

// Rescale changes the unscaled value n from scale `from` to scale `to`,
// rounding HALF_UP, and reports false when the result needs more than prec
// digits.
func Rescale(n decimal128.Num, from, to, prec int32) (decimal128.Num, bool) {
	mag, neg := Abs(n)
	m, ok := RescaleMag(mag.To256(), from, to, prec)
	if !ok {
		return decimal128.Num{}, false
	}
	return Signed(m, neg), true
}

// RescaleMag is Rescale on a magnitude of up to 256 bits.
func RescaleMag(m U256, from, to, prec int32) (U128, bool) {
	if to > from {
		var ok bool
		if m, ok = ScaleUp256(m, int(to-from)); !ok {
			return U128{}, false
		}
	} else if to < from {
		m = RoundPow10(m, int(from-to))
	}
	if !Fits256(m, prec) {
		return U128{}, false
	}
	return m.Lo128(), true
}

// RoundInt64 divides v by 10^d (1 <= d <= 18) rounding HALF_UP, as the
// long path of Decimal.changePrecision does.
func RoundInt64(v int64, d int) int64 {
	p := int64(pow10u64[d])
	q, r := v/p, v%p
	if r < 0 {
		if -r*2 >= p {
			q--
		}
	} else if r*2 >= p {
		q++
	}
	return q
}

// FitsInt64 reports |v| < 10^p, for a value v that fits int64.
func FitsInt64(v int64, p int32) bool {
	if p > 18 {
		return true
	}
	lim := int64(pow10u64[p])
	return v > -lim && v < lim
}
