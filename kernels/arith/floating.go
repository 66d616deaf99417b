package arith

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala.
// Add / Subtract / Multiply on float and double are Java's IEEE 754 `+ - *`
// (overflow gives ±Infinity, NaN propagates). Divide (DivModLike) in LEGACY
// mode evaluates the divisor first and gives NULL when it is null or
// `input2 == 0` (so 0.0 and -0.0, not NaN), else `input1 / input2`.

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

type float interface{ ~float32 | ~float64 }

func floating[T float](mem memory.Allocator, op Op, dt arrow.DataType, l, r Operand, n int) (arrow.Array, error) {
	var zero T
	width := int(unsafe.Sizeof(zero))
	var ls, rs T
	if l.IsScalar() {
		v, ok, err := scalarOf[T](l)
		if err != nil {
			return nil, err
		}
		if !ok {
			return allNull(mem, dt, width, n), nil
		}
		ls = v
	}
	if r.IsScalar() {
		v, ok, err := scalarOf[T](r)
		if err != nil {
			return nil, err
		}
		if !ok || (op == Div && v == 0) {
			return allNull(mem, dt, width, n), nil
		}
		rs = v
	}
	buf, out := kutil.NewValues[T](mem, n)
	switch {
	case !l.IsScalar() && !r.IsScalar():
		floatAA(op, kutil.Values[T](l.Array), kutil.Values[T](r.Array), out)
	case !l.IsScalar():
		floatAS(op, kutil.Values[T](l.Array), rs, out)
	default:
		floatSA(op, ls, kutil.Values[T](r.Array), out)
	}
	validity, nulls := kutil.AndValidity(mem, n, arrays(l, r)...)
	if op == Div && !r.IsScalar() {
		validity, nulls = clearZeroDivisors(mem, kutil.Values[T](r.Array), validity, n)
	}
	return kutil.MakeArray(dt, n, nulls, validity, buf), nil
}

// clearZeroDivisors marks NULL the rows whose divisor is zero.
func clearZeroDivisors[T float](mem memory.Allocator, b []T, validity *memory.Buffer, n int) (*memory.Buffer, int) {
	zeros := 0
	for _, v := range b[:n] {
		if v == 0 {
			zeros++
		}
	}
	if zeros == 0 {
		if validity == nil {
			return nil, 0
		}
		return validity, kutil.NullCount(validity.Bytes(), n)
	}
	if validity == nil {
		validity = kutil.NewBitmap(mem, n)
		bits := validity.Bytes()
		for i := range bits {
			bits[i] = 0xff
		}
	}
	bits := validity.Bytes()
	for i, v := range b[:n] {
		bits[i>>3] &^= kutil.B2U8(v == 0) << (i & 7)
	}
	return validity, kutil.NullCount(bits, n)
}

func floatAA[T float](op Op, a, b, out []T) {
	a, b = a[:len(out)], b[:len(out)]
	switch op {
	case Add:
		for i := range out {
			out[i] = a[i] + b[i]
		}
	case Sub:
		for i := range out {
			out[i] = a[i] - b[i]
		}
	case Mul:
		for i := range out {
			out[i] = a[i] * b[i]
		}
	case Div:
		for i := range out {
			out[i] = a[i] / b[i]
		}
	}
}

func floatAS[T float](op Op, a []T, s T, out []T) {
	a = a[:len(out)]
	switch op {
	case Add:
		for i := range out {
			out[i] = a[i] + s
		}
	case Sub:
		for i := range out {
			out[i] = a[i] - s
		}
	case Mul:
		for i := range out {
			out[i] = a[i] * s
		}
	case Div:
		for i := range out {
			out[i] = a[i] / s
		}
	}
}

func floatSA[T float](op Op, s T, b []T, out []T) {
	b = b[:len(out)]
	switch op {
	case Add:
		for i := range out {
			out[i] = s + b[i]
		}
	case Sub:
		for i := range out {
			out[i] = s - b[i]
		}
	case Mul:
		for i := range out {
			out[i] = s * b[i]
		}
	case Div:
		for i := range out {
			out[i] = s / b[i]
		}
	}
}
