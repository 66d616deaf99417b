package math

import (
	"math/big"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64
}

// unary runs loop over the values of a (one call per batch, so the per-row
// operation inlines); NULLs stay NULL.
func unary[T arrow.FixedWidthType](mem memory.Allocator, a arrow.Array, loop func(in, out []T)) arrow.Array {
	n := a.Len()
	in := kutil.Values[T](a)
	buf, out := kutil.NewValues[T](mem, n)
	loop(in[:n], out)
	validity, nulls := kutil.CopyValidity(mem, a)
	return kutil.MakeArray(a.DataType(), n, nulls, validity, buf)
}

// divLike runs loop over the rows of l and r (one call per batch); loop must
// write a value for every row and must not divide by a zero divisor. The rows
// where an operand is NULL or the divisor is zero are NULL (Spark's DivModLike
// in LEGACY mode: "x % 0", "pmod(x, 0)" and "x div 0" are NULL; 0.0 and -0.0
// are both zero, Java's `x == 0`).
func divLike[T number, R arrow.FixedWidthType](mem memory.Allocator, dt arrow.DataType, l, r arrow.Array, loop func(a, b []T, out []R)) arrow.Array {
	n := l.Len()
	a, b := kutil.Values[T](l)[:n], kutil.Values[T](r)[:n]
	buf, out := kutil.NewValues[R](mem, n)
	loop(a, b, out)
	validity, _ := kutil.AndValidity(mem, n, l, r)
	if validity == nil {
		validity = kutil.NewBitmap(mem, n)
		bitutil.SetBitsTo(validity.Bytes(), 0, int64(n), true)
	}
	bits := validity.Bytes()
	for i, x := range b {
		if x == 0 {
			bitutil.ClearBit(bits, i)
		}
	}
	return kutil.MakeArray(dt, n, kutil.NullCount(bits, n), validity, buf)
}

type number interface {
	integer | ~float32 | ~float64
}

// mapLoop returns a batch loop applying f row by row, skipping zero divisors;
// for operations that do not inline anyway (math.Mod).
func mapLoop[T number, R any](f func(a, b T) R) func(a, b []T, out []R) {
	return func(a, b []T, out []R) {
		var zero R
		for i := range out {
			if b[i] == 0 {
				out[i] = zero
				continue
			}
			out[i] = f(a[i], b[i])
		}
	}
}

// decimalOp applies f to the rows of two decimal arrays rescaled to one
// common scale, with the rows where the divisor is zero or where f reports no
// result (overflow) set to NULL. f gets the unscaled values at the common
// scale and returns the unscaled result. When both rescaled operands fit 18
// digits, fast (which must then always succeed) runs on int64 instead.
func decimalOp[R arrow.FixedWidthType](mem memory.Allocator, dt arrow.DataType, lt, rt types.DataType, l, r arrow.Array,
	f func(a, b *big.Int) (R, bool), fast func(a, b int64) R) arrow.Array {
	n := l.Len()
	a, b := kutil.Values[decimal128.Num](l)[:n], kutil.Values[decimal128.Num](r)[:n]
	scale := max(lt.Scale, rt.Scale)
	if lt.Precision+scale-lt.Scale <= types.MaxLongDigits && rt.Precision+scale-rt.Scale <= types.MaxLongDigits {
		return decimalOp64(mem, dt, a, b, l, r, pow10(scale-lt.Scale), pow10(scale-rt.Scale), fast)
	}
	la, lb := scaleFactor(scale-lt.Scale), scaleFactor(scale-rt.Scale)
	buf, out := kutil.NewValues[R](mem, n)
	validity, _ := kutil.AndValidity(mem, n, l, r)
	if validity == nil {
		validity = kutil.NewBitmap(mem, n)
		bitutil.SetBitsTo(validity.Bytes(), 0, int64(n), true)
	}
	bits := validity.Bytes()
	var x, y big.Int
	var zero R
	for i := range out {
		out[i] = zero
		if !bitutil.BitIsSet(bits, i) {
			continue
		}
		if b[i] == (decimal128.Num{}) {
			bitutil.ClearBit(bits, i)
			continue
		}
		setNum(&x, a[i])
		setNum(&y, b[i])
		if la != nil {
			x.Mul(&x, la)
		}
		if lb != nil {
			y.Mul(&y, lb)
		}
		v, ok := f(&x, &y)
		if !ok {
			bitutil.ClearBit(bits, i)
			continue
		}
		out[i] = v
	}
	return kutil.MakeArray(dt, n, kutil.NullCount(bits, n), validity, buf)
}

func pow10(d int32) int64 {
	p := int64(1)
	for ; d > 0; d-- {
		p *= 10
	}
	return p
}

// decimalOp64 is decimalOp when every rescaled value fits an int64.
func decimalOp64[R arrow.FixedWidthType](mem memory.Allocator, dt arrow.DataType, a, b []decimal128.Num, l, r arrow.Array,
	ma, mb int64, fast func(a, b int64) R) arrow.Array {
	n := len(a)
	buf, out := kutil.NewValues[R](mem, n)
	validity, _ := kutil.AndValidity(mem, n, l, r)
	if validity == nil {
		validity = kutil.NewBitmap(mem, n)
		bitutil.SetBitsTo(validity.Bytes(), 0, int64(n), true)
	}
	bits := validity.Bytes()
	var zero R
	for i := range out {
		y := int64(b[i].LowBits()) * mb
		if y == 0 {
			bitutil.ClearBit(bits, i)
			out[i] = zero
			continue
		}
		out[i] = fast(int64(a[i].LowBits())*ma, y)
	}
	return kutil.MakeArray(dt, n, kutil.NullCount(bits, n), validity, buf)
}

func scaleFactor(d int32) *big.Int {
	if d == 0 {
		return nil
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)
}

func setNum(z *big.Int, n decimal128.Num) {
	if n.HighBits() == 0 || n.HighBits() == -1 {
		lo := n.LowBits()
		if n.HighBits() == 0 && lo <= 1<<63-1 {
			z.SetInt64(int64(lo))
			return
		}
		if n.HighBits() == -1 && lo >= 1<<63 {
			z.SetInt64(int64(lo))
			return
		}
	}
	z.Set(n.BigInt())
}

// fitsDecimal converts z to a decimal128 of precision p, or reports overflow.
func fitsDecimal(z *big.Int, p int32) (decimal128.Num, bool) {
	if z.BitLen() > 127 {
		return decimal128.Num{}, false
	}
	d := decimal128.FromBigInt(z)
	return d, d.FitsInPrecision(p)
}

// unaryTo is unary with a result of another physical type, Arrow type of out.
func unaryTo[T, R arrow.FixedWidthType](mem memory.Allocator, out types.DataType, a arrow.Array, loop func(in []T, out []R)) arrow.Array {
	n := a.Len()
	in := kutil.Values[T](a)
	buf, res := kutil.NewValues[R](mem, n)
	loop(in[:n], res)
	validity, nulls := kutil.CopyValidity(mem, a)
	return kutil.MakeArray(out.ArrowType("UTC"), n, nulls, validity, buf)
}
