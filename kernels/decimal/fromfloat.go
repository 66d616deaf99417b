package decimal

// Spark: Cast.castToDecimal for FractionalType is
// `changePrecision(Decimal(x.toDouble), target)`, NULL on NumberFormatException.
// Decimal(d: Double) (types/Decimal.scala) goes through Scala's
// BigDecimal.decimal(d), i.e. new java.math.BigDecimal(java.lang.Double.toString(d)):
// the value is the decimal that Double.toString prints, not the exact binary
// value (0.1 -> 0.1). NaN and the infinities do not parse, so they give NULL.
// A float is first widened to double (FloatIsFractional.toDouble).
//
// Double.toString here is taken as the shortest decimal that rounds to the
// double (closest one on ties), which is what Go's strconv produces and what
// JDK 19+ specifies. JDK 8-18's FloatingDecimal sometimes prints more digits
// than needed (JDK-4511638, e.g. 2.82879384806159E17 printed as
// 2.82879384806159008E17); for such values a cast to a scale that reaches
// those extra digits differs from Spark running on those JDKs.

import (
	"math"
	"strconv"
)

// FromFloat64 returns the magnitude and sign of the unscaled value of
// Double.toString(f) rounded HALF_UP to scale, and ok=false for NaN, the
// infinities and values that do not fit prec digits. buf is scratch space for
// the digits, reused between calls.
func FromFloat64(f float64, prec, scale int32, buf *[]byte) (mag U128, neg, ok bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return U128{}, false, false
	}
	if f == 0 {
		return U128{}, false, true
	}
	b := strconv.AppendFloat((*buf)[:0], f, 'e', -1, 64)
	*buf = b
	if b[0] == '-' {
		neg = true
		b = b[1:]
	}
	// b is d[.ddd]e±xx
	var digits uint64
	nd := 0
	i := 0
	for ; i < len(b) && b[i] != 'e'; i++ {
		if b[i] == '.' {
			continue
		}
		digits = digits*10 + uint64(b[i]-'0')
		nd++
	}
	exp := 0
	esign := 1
	i++ // 'e'
	if b[i] == '-' {
		esign = -1
	}
	for i++; i < len(b); i++ {
		exp = exp*10 + int(b[i]-'0')
	}
	exp *= esign
	// value = digits * 10^(exp - nd + 1); unscaled = value * 10^scale.
	t := exp - nd + 1 + int(scale)
	m := U256{digits}
	if t >= 0 {
		var ok bool
		if m, ok = ScaleUp256(m, t); !ok {
			return U128{}, neg, false
		}
	} else {
		m = RoundPow10(m, -t)
	}
	if !Fits256(m, prec) {
		return U128{}, neg, false
	}
	return m.Lo128(), neg, true
}
