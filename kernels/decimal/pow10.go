package decimal

import "math/bits"

// MaxPrecision is DecimalType.MAX_PRECISION.
const MaxPrecision = 38

// pow10u64[i] is 10^i for i <= 19.
var pow10u64 = func() (t [20]uint64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return t
}()

// Pow10Int64 returns 10^i for 0 <= i <= 18 (Decimal.POW_10).
func Pow10Int64(i int) int64 { return int64(pow10u64[i]) }

// pow10u128[i] is 10^i for i <= 38.
var pow10u128 = func() (t [MaxPrecision + 1]U128) {
	t[0] = U128{0, 1}
	for i := 1; i < len(t); i++ {
		hi, lo := bits.Mul64(t[i-1].Lo, 10)
		t[i] = U128{t[i-1].Hi*10 + hi, lo}
	}
	return t
}()

// Pow10 returns 10^i as a U128, for 0 <= i <= 38.
func Pow10(i int) U128 { return pow10u128[i] }

// FitsPrecision reports whether a magnitude has at most p decimal digits,
// that is m < 10^p (p <= 38).
func FitsPrecision(m U128, p int32) bool { return m.Less(pow10u128[p]) }

// Fits256 reports whether a 256-bit magnitude has at most p digits (p <= 38).
func Fits256(m U256, p int32) bool { return m.Fits128() && m.Lo128().Less(pow10u128[p]) }

// ScaleUp256 returns m * 10^d and false when the product overflows 256 bits.
func ScaleUp256(m U256, d int) (U256, bool) {
	for d > 0 {
		k := min(d, 19)
		var of bool
		m, of = m.MulU64(pow10u64[k])
		if of {
			return m, false
		}
		d -= k
	}
	return m, true
}

// DivPow10 returns m / 10^d truncated, for any d >= 0.
func DivPow10(m U256, d int) U256 {
	for d > 0 && !m.IsZero() {
		k := min(d, 19)
		m, _ = m.DivU64(pow10u64[k])
		d -= k
	}
	return m
}

// RoundPow10 returns m / 10^d rounded HALF_UP (half away from zero on the
// magnitude), for any d >= 0: BigDecimal.setScale(scale - d, HALF_UP).
func RoundPow10(m U256, d int) U256 {
	if d <= 0 {
		return m
	}
	// floor(floor(m / 10^(d-1)) / 10) = floor(m / 10^d), and the digit
	// dropped last decides HALF_UP on its own.
	m = DivPow10(m, d-1)
	q, r := m.DivU64(10)
	if r >= 5 {
		q, _ = q.Add(U256{1})
	}
	return q
}

// MulPow10 returns m * 10^k (0 <= k <= 38) for a product known to fit 128
// bits.
func MulPow10(m U128, k int) U128 {
	for k > 0 {
		s := min(k, 19)
		p := pow10u64[s]
		hi, lo := bits.Mul64(m.Lo, p)
		m = U128{m.Hi*p + hi, lo}
		k -= s
	}
	return m
}
