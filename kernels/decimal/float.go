package decimal

// Spark: Decimal.toDouble / toFloat (types/Decimal.scala) are
// `toBigDecimal.doubleValue` / `floatValue`: java.math.BigDecimal rounds the
// exact decimal value to the nearest double / float (ties to even). Here the
// quotient unscaled / 10^scale is computed in integers with a sticky bit, so
// the result is correctly rounded without going through a string.

import (
	"math"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// ToFloat64 returns the double nearest to n / 10^scale.
func ToFloat64(n decimal128.Num, scale int32) float64 {
	mag, neg := Abs(n)
	f := magToFloat(mag, scale, false)
	if neg {
		f = -f
	}
	return f
}

// ToFloat32 returns the float nearest to n / 10^scale.
func ToFloat32(n decimal128.Num, scale int32) float32 {
	mag, neg := Abs(n)
	f := float32(magToFloat(mag, scale, true))
	if neg {
		f = -f
	}
	return f
}

// minNormal32Decimal is 1E-38, the only non-zero decimal(p, s<=38) magnitude
// below the smallest normal float (1.17549435E-38); float32 rounds it to a
// subnormal, which the generic path below would round twice.
var minNormal32Decimal = float32(1e-38)

// magToFloat returns m / 10^scale correctly rounded to a double, or, when
// single, a double that float32() then rounds correctly (exactly a float
// value, or carrying the sticky information in bits below float precision).
func magToFloat(m U128, scale int32, single bool) float64 {
	if m.IsZero() {
		return 0
	}
	if scale == 0 && m.Hi == 0 {
		if single {
			return float64(float32(m.Lo))
		}
		return float64(m.Lo)
	}
	if single && scale == 38 && m.Hi == 0 && m.Lo == 1 {
		return float64(minNormal32Decimal)
	}
	// q = floor(m * 2^k / 10^scale) with at least 64 significant bits.
	x := m.To256()
	den := pow10u128[scale]
	denBits := 128 - bits.LeadingZeros64(den.Hi)
	if den.Hi == 0 {
		denBits = 64 - bits.LeadingZeros64(den.Lo)
	}
	k := 66 + denBits - x.BitLen()
	if k < 0 {
		k = 0
	}
	x = x.Shl(uint(k))
	// Divide by 10^scale in steps of at most 10^19, remembering any remainder.
	sticky := false
	for d := int(scale); d > 0; {
		s := min(d, 19)
		var r uint64
		x, r = x.DivU64(pow10u64[s])
		if r != 0 {
			sticky = true
		}
		d -= s
	}
	// Keep the top 64 bits, folding the rest into the sticky bit.
	bl := x.BitLen()
	shift := 0
	if bl > 64 {
		shift = bl - 64
		if !x.LowBitsZero(uint(shift)) {
			sticky = true
		}
		x = x.Shr(uint(shift))
	}
	top := x[0]
	if sticky {
		top |= 1
	}
	// top has 64 bits, so bit 0 lies below the rounding position of both
	// float64 (53 bits) and float32 (24 bits): uint64 conversion rounds
	// correctly, and scaling by a power of two is exact (no subnormals here).
	if single {
		return math.Ldexp(float64(float32(top)), shift-k)
	}
	return math.Ldexp(float64(top), shift-k)
}

// LowBitsZero reports whether the low s bits of x are all zero.
func (x U256) LowBitsZero(s uint) bool {
	for i := 0; i < 4 && s > 0; i++ {
		if s >= 64 {
			if x[i] != 0 {
				return false
			}
			s -= 64
			continue
		}
		return x[i]&(1<<s-1) == 0
	}
	return true
}
