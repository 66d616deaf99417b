package decimal

import (
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// U128 is an unsigned 128-bit integer.
type U128 struct{ Hi, Lo uint64 }

// U256 is an unsigned 256-bit integer, least significant word first.
type U256 [4]uint64

// Abs returns the magnitude and sign of n. The magnitude of the smallest
// 128-bit value is 2^127, which U128 holds.
func Abs(n decimal128.Num) (mag U128, neg bool) {
	hi, lo := uint64(n.HighBits()), n.LowBits()
	if int64(hi) < 0 {
		lo, borrow := bits.Sub64(0, lo, 0)
		hi, _ = bits.Sub64(0, hi, borrow)
		return U128{hi, lo}, true
	}
	return U128{hi, lo}, false
}

// Signed returns the decimal128 value with magnitude m and sign neg; m must be
// below 2^127.
func Signed(m U128, neg bool) decimal128.Num {
	if neg {
		lo, borrow := bits.Sub64(0, m.Lo, 0)
		hi, _ := bits.Sub64(0, m.Hi, borrow)
		return decimal128.New(int64(hi), lo)
	}
	return decimal128.New(int64(m.Hi), m.Lo)
}

// Cmp compares a and b: -1, 0 or 1.
func (a U128) Cmp(b U128) int {
	switch {
	case a.Hi < b.Hi:
		return -1
	case a.Hi > b.Hi:
		return 1
	case a.Lo < b.Lo:
		return -1
	case a.Lo > b.Lo:
		return 1
	}
	return 0
}

// Less reports a < b.
func (a U128) Less(b U128) bool { return a.Hi < b.Hi || (a.Hi == b.Hi && a.Lo < b.Lo) }

// IsZero reports a == 0.
func (a U128) IsZero() bool { return a.Hi|a.Lo == 0 }

// Add returns a + b and the carry out.
func (a U128) Add(b U128) (U128, uint64) {
	lo, c := bits.Add64(a.Lo, b.Lo, 0)
	hi, c := bits.Add64(a.Hi, b.Hi, c)
	return U128{hi, lo}, c
}

// Sub returns a - b and the borrow out.
func (a U128) Sub(b U128) (U128, uint64) {
	lo, c := bits.Sub64(a.Lo, b.Lo, 0)
	hi, c := bits.Sub64(a.Hi, b.Hi, c)
	return U128{hi, lo}, c
}

// To256 widens a.
func (a U128) To256() U256 { return U256{a.Lo, a.Hi, 0, 0} }

// Mul128 returns the full 256-bit product a*b.
func Mul128(a, b U128) U256 {
	// (ah*2^64 + al) * (bh*2^64 + bl)
	h0, l0 := bits.Mul64(a.Lo, b.Lo)
	h1, l1 := bits.Mul64(a.Lo, b.Hi)
	h2, l2 := bits.Mul64(a.Hi, b.Lo)
	h3, l3 := bits.Mul64(a.Hi, b.Hi)
	var r U256
	r[0] = l0
	var c uint64
	r[1], c = bits.Add64(h0, l1, 0)
	r[2], c = bits.Add64(h1, l3, c)
	r[3], _ = bits.Add64(h3, 0, c)
	r[1], c = bits.Add64(r[1], l2, 0)
	r[2], c = bits.Add64(r[2], h2, c)
	r[3], _ = bits.Add64(r[3], 0, c)
	return r
}

// Fits128 reports whether x < 2^128.
func (x U256) Fits128() bool { return x[2]|x[3] == 0 }

// Lo128 returns the low 128 bits of x.
func (x U256) Lo128() U128 { return U128{x[1], x[0]} }

// IsZero reports x == 0.
func (x U256) IsZero() bool { return x[0]|x[1]|x[2]|x[3] == 0 }

// Add returns x + y and the carry out.
func (x U256) Add(y U256) (U256, uint64) {
	var r U256
	var c uint64
	r[0], c = bits.Add64(x[0], y[0], 0)
	r[1], c = bits.Add64(x[1], y[1], c)
	r[2], c = bits.Add64(x[2], y[2], c)
	r[3], c = bits.Add64(x[3], y[3], c)
	return r, c
}

// Sub returns x - y and the borrow out.
func (x U256) Sub(y U256) (U256, uint64) {
	var r U256
	var c uint64
	r[0], c = bits.Sub64(x[0], y[0], 0)
	r[1], c = bits.Sub64(x[1], y[1], c)
	r[2], c = bits.Sub64(x[2], y[2], c)
	r[3], c = bits.Sub64(x[3], y[3], c)
	return r, c
}

// Cmp compares x and y: -1, 0 or 1.
func (x U256) Cmp(y U256) int {
	for i := 3; i >= 0; i-- {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// MulU64 returns x*m and whether the product overflowed 256 bits.
func (x U256) MulU64(m uint64) (U256, bool) {
	var r U256
	var carry uint64
	for i := 0; i < 4; i++ {
		hi, lo := bits.Mul64(x[i], m)
		var c uint64
		r[i], c = bits.Add64(lo, carry, 0)
		carry = hi + c
	}
	return r, carry != 0
}

// DivU64 returns x/d and x%d; d must not be zero.
func (x U256) DivU64(d uint64) (U256, uint64) {
	var q U256
	var r uint64
	for i := 3; i >= 0; i-- {
		q[i], r = bits.Div64(r, x[i], d)
	}
	return q, r
}

// BitLen is the number of bits needed to represent x.
func (x U256) BitLen() int {
	for i := 3; i >= 0; i-- {
		if x[i] != 0 {
			return i*64 + bits.Len64(x[i])
		}
	}
	return 0
}

// Shl returns x << s for s < 256; bits shifted out are lost.
func (x U256) Shl(s uint) U256 {
	var r U256
	w, b := int(s/64), s%64
	for i := 3; i >= w; i-- {
		r[i] = x[i-w] << b
		if b != 0 && i-w-1 >= 0 {
			r[i] |= x[i-w-1] >> (64 - b)
		}
	}
	return r
}

// Shr returns x >> s for s < 256.
func (x U256) Shr(s uint) U256 {
	var r U256
	w, b := int(s/64), s%64
	for i := 0; i+w < 4; i++ {
		r[i] = x[i+w] >> b
		if b != 0 && i+w+1 < 4 {
			r[i] |= x[i+w+1] << (64 - b)
		}
	}
	return r
}
