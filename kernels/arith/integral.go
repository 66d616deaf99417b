package arith

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala,
// Add / Subtract / Multiply in LEGACY mode: int and long use Java's `+ - *`,
// which wrap in two's complement; byte and short are computed in int and
// narrowed with `(byte)` / `(short)` (BinaryArithmetic.doGenCode), which is
// the same as wrapping in 8 or 16 bits. Go's fixed-width integer arithmetic
// wraps the same way.

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64
}

func integral[T integer](mem memory.Allocator, op Op, dt arrow.DataType, l, r Operand, n int) (arrow.Array, error) {
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
		if !ok {
			return allNull(mem, dt, width, n), nil
		}
		rs = v
	}
	buf, out := kutil.NewValues[T](mem, n)
	switch {
	case !l.IsScalar() && !r.IsScalar():
		intAA(op, kutil.Values[T](l.Array), kutil.Values[T](r.Array), out)
	case !l.IsScalar():
		intAS(op, kutil.Values[T](l.Array), rs, out)
	default:
		intSA(op, ls, kutil.Values[T](r.Array), out)
	}
	validity, nulls := kutil.AndValidity(mem, n, arrays(l, r)...)
	return kutil.MakeArray(dt, n, nulls, validity, buf), nil
}

func intAA[T integer](op Op, a, b, out []T) {
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
	}
}

func intAS[T integer](op Op, a []T, s T, out []T) {
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
	}
}

func intSA[T integer](op Op, s T, b []T, out []T) {
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
	}
}
