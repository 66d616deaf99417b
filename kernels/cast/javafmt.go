package cast

// Java's text forms of numbers, as Spark prints them:
//   - java.math.BigDecimal.toString and toPlainString (Decimal.toString /
//     toPlainString in sql/api/.../types/Decimal.scala), for decimal to string
//     casts and for the values in error messages;
//   - java.lang.Double.toString / Float.toString as specified since JDK 19
//     (the shortest decimal that rounds to the value, at least two digits,
//     Java's E notation), used for error messages. Casts of float/double to
//     string are only run where the JVM prints the same (JDK 19+, see
//     JDK-4511638); the serde declines them on older JVMs.

import (
	"math"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/kernels/decimal"
)

// appendMagDigits appends the decimal digits of m (at least "0").
func appendMagDigits(dst []byte, m decimal.U128) []byte {
	if m.Hi == 0 {
		return strconv.AppendUint(dst, m.Lo, 10)
	}
	// Split into base 10^19 chunks.
	var chunks [3]uint64
	n := 0
	x := m.To256()
	for !x.IsZero() {
		var r uint64
		x, r = x.DivU64(1e19)
		chunks[n] = r
		n++
	}
	dst = strconv.AppendUint(dst, chunks[n-1], 10)
	for i := n - 2; i >= 0; i-- {
		var tmp [20]byte
		s := strconv.AppendUint(tmp[:0], chunks[i], 10)
		for k := len(s); k < 19; k++ {
			dst = append(dst, '0')
		}
		dst = append(dst, s...)
	}
	return dst
}

// appendDecimalPlain appends BigDecimal.toPlainString of unscaled n with scale.
func appendDecimalPlain(dst []byte, n decimal128.Num, scale int32) []byte {
	m, neg := decimal.Abs(n)
	if neg {
		dst = append(dst, '-')
	}
	start := len(dst)
	dst = appendMagDigits(dst, m)
	if scale <= 0 {
		return dst
	}
	nd := len(dst) - start
	s := int(scale)
	if nd <= s {
		// 0.000ddd
		pad := s - nd + 2 // "0." and leading zeros
		dst = append(dst, make([]byte, pad)...)
		copy(dst[start+pad:], dst[start:start+nd])
		dst[start] = '0'
		dst[start+1] = '.'
		for k := start + 2; k < start+pad; k++ {
			dst[k] = '0'
		}
		return dst
	}
	dst = append(dst, 0)
	pos := len(dst) - 1 - s
	copy(dst[pos+1:], dst[pos:len(dst)-1])
	dst[pos] = '.'
	return dst
}

// appendDecimalJava appends BigDecimal.toString of unscaled n with scale >= 0:
// plain unless the adjusted exponent is below -6, then d.dddE-x.
func appendDecimalJava(dst []byte, n decimal128.Num, scale int32) []byte {
	m, neg := decimal.Abs(n)
	var tmp [48]byte
	digits := appendMagDigits(tmp[:0], m)
	adjusted := -int(scale) + len(digits) - 1
	if adjusted >= -6 {
		return appendDecimalPlain(dst, n, scale)
	}
	if neg {
		dst = append(dst, '-')
	}
	dst = append(dst, digits[0])
	if len(digits) > 1 {
		dst = append(dst, '.')
		dst = append(dst, digits[1:]...)
	}
	dst = append(dst, 'E')
	return strconv.AppendInt(dst, int64(adjusted), 10) // adjusted < 0: the sign is '-'
}

// appendJavaDouble appends Double.toString(v) (bits 64) or Float.toString(v)
// (bits 32) as JDK 19+ prints it.
func appendJavaDouble(dst []byte, v float64, bits int) []byte {
	switch {
	case v != v:
		return append(dst, "NaN"...)
	case math.IsInf(v, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(v, -1):
		return append(dst, "-Infinity"...)
	case v == 0:
		if math.Signbit(v) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	var tmp [40]byte
	e := strconv.AppendFloat(tmp[:0], v, 'e', -1, bits)
	if neg := e[0] == '-'; neg {
		dst = append(dst, '-')
		e = e[1:]
	}
	// e is d[.ddd]e±xx
	ei := 0
	for e[ei] != 'e' {
		ei++
	}
	if ei == 1 {
		// One significant digit: Java picks the closest decimal of length
		// 1 or 2, which is the correctly rounded 2-digit one.
		var t2 [40]byte
		e2 := strconv.AppendFloat(t2[:0], math.Abs(v), 'e', 1, bits)
		if e2[2] != '0' {
			e = e2
			ei = 3
		}
	}
	var digs [24]byte
	nd := 0
	for k := 0; k < ei; k++ {
		if e[k] != '.' {
			digs[nd] = e[k]
			nd++
		}
	}
	exp := 0
	for k := ei + 2; k < len(e); k++ {
		exp = exp*10 + int(e[k]-'0')
	}
	if e[ei+1] == '-' {
		exp = -exp
	}
	d := digs[:nd]
	if exp >= -3 && exp < 7 {
		// Plain: 10^-3 <= |v| < 10^7.
		if exp < 0 {
			dst = append(dst, '0', '.')
			for k := 0; k < -exp-1; k++ {
				dst = append(dst, '0')
			}
			return append(dst, d...)
		}
		if nd <= exp+1 {
			dst = append(dst, d...)
			for k := nd; k < exp+1; k++ {
				dst = append(dst, '0')
			}
			return append(dst, '.', '0')
		}
		dst = append(dst, d[:exp+1]...)
		dst = append(dst, '.')
		return append(dst, d[exp+1:]...)
	}
	dst = append(dst, d[0], '.')
	if nd == 1 {
		dst = append(dst, '0')
	} else {
		dst = append(dst, d[1:]...)
	}
	dst = append(dst, 'E')
	return strconv.AppendInt(dst, int64(exp), 10)
}
