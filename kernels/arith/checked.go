package arith

// Spark: arithmetic.scala (BinaryArithmetic with evalMode ANSI or TRY; DivModLike.eval),
// sql/api .../util/MathUtils.scala (addExact, subtractExact, multiplyExact: Java's
// Math.*Exact, ARITHMETIC_OVERFLOW "integer overflow" / "long overflow" with the
// try_ function as hint), types/numerics.scala (ByteExactNumeric, ShortExactNumeric:
// BINARY_ARITHMETIC_OVERFLOW), Decimal.toPrecision (NUMERIC_VALUE_OUT_OF_RANGE).
//
// ANSI raises where LEGACY would wrap or give NULL; TRY "executes as if it would
// fail on errors, except that it would capture the errors and return null"
// (BinaryArithmetic.failOnError). A row raises only when both operands are
// non-null: Spark evaluates the operation only then (DivModLike checks the
// divisor for zero after finding the dividend non-null).
//
// The kernels compute the LEGACY result, then one pass over the valid rows
// finds the rows ANSI would raise on ("bad" rows): TRY clears them, ANSI returns
// the error of the first.

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// tryFunction is the hint Spark's MathUtils gives with ARITHMETIC_OVERFLOW.
var tryFunction = [...]string{Add: "try_add", Sub: "try_subtract", Mul: "try_multiply", Div: "try_divide"}

// operandValues returns the values of o (an array) or a one-value slice for a
// scalar, with the stride to read them (1 or 0).
func operandValues[T arrow.FixedWidthType](o Operand) ([]T, int) {
	if o.IsScalar() {
		v, _ := o.Scalar.(T)
		return []T{v}, 0
	}
	return kutil.Values[T](o.Array), 1
}

// firstIntegralOverflow returns the first row, among the rows valid in res,
// whose exact result does not fit T, or -1.
func firstIntegralOverflow[T integer](op Op, l, r Operand, res arrow.Array, from int) int {
	a, sa := operandValues[T](l)
	b, sb := operandValues[T](r)
	n := res.Len()
	valid := res.NullBitmapBytes()
	hasNulls := res.NullN() > 0
	wide := unsafe.Sizeof(T(0)) < 8
	for i := from; i < n; i++ {
		if hasNulls && !bitutil.BitIsSet(valid, res.Data().Offset()+i) {
			continue
		}
		x, y := a[i*sa], b[i*sb]
		if overflows(op, x, y, wide) {
			return i
		}
	}
	return -1
}

// overflows reports whether x op y overflows T: narrow types are computed in
// int64 and range-checked; int64 uses the sign rules of Math.addExact,
// subtractExact and multiplyExact.
func overflows[T integer](op Op, x, y T, wide bool) bool {
	if wide {
		var w int64
		switch op {
		case Add:
			w = int64(x) + int64(y)
		case Sub:
			w = int64(x) - int64(y)
		case Mul:
			w = int64(x) * int64(y)
		}
		return w != int64(T(w))
	}
	switch op {
	case Add:
		s := x + y
		return (x^s)&(y^s) < 0
	case Sub:
		d := x - y
		return (x^y)&(x^d) < 0
	case Mul:
		p := int64(x) * int64(y)
		if x == 0 {
			return false
		}
		return p/int64(x) != int64(y) || (int64(x) == -1 && int64(y) == math.MinInt64)
	}
	return false
}

// integralOverflowError is Spark's error for x op y overflowing type t.
func integralOverflowError(op Op, t types.DataType, x, y int64) error {
	switch t.ID {
	case types.Byte:
		return kernels.ErrBinaryArithmeticOverflow(fmt.Sprintf("%dY", x), op.String(), fmt.Sprintf("%dY", y))
	case types.Short:
		return kernels.ErrBinaryArithmeticOverflow(fmt.Sprintf("%dS", x), op.String(), fmt.Sprintf("%dS", y))
	case types.Int:
		return kernels.ErrArithmeticOverflow("integer overflow", tryFunction[op])
	}
	return kernels.ErrArithmeticOverflow("long overflow", tryFunction[op])
}

// checkIntegral applies ANSI or TRY to res, the wrapped LEGACY result of l op r
// of integral type t. It returns res itself (ANSI without overflow), a copy
// with the overflowing rows NULL (TRY), or the error (ANSI).
func checkIntegral[T integer](mem memory.Allocator, op Op, t types.DataType, l, r Operand, res arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	first := firstIntegralOverflow[T](op, l, r, res, 0)
	if first < 0 {
		return res, nil
	}
	if mode == kernels.ANSI {
		a, sa := operandValues[T](l)
		b, sb := operandValues[T](r)
		res.Release()
		return nil, integralOverflowError(op, t, int64(a[first*sa]), int64(b[first*sb]))
	}
	validity, _ := kutil.CopyValidity(mem, res)
	if validity == nil {
		validity = allValid(mem, res.Len())
	}
	bits := validity.Bytes()
	for i := first; i >= 0; i = firstIntegralOverflow[T](op, l, r, res, i+1) {
		bitutil.ClearBit(bits, i)
	}
	return replaceValidity(res, validity), nil
}

// checkZeroDivisor applies ANSI to a double or decimal division whose LEGACY
// result is res: a zero divisor in a row whose dividend is non-null raises
// DIVIDE_BY_ZERO. (TRY gives NULL there, as LEGACY does.)
func checkZeroDivisor[T interface {
	arrow.FixedWidthType
	comparable
}](l, r Operand, res arrow.Array, zero T) error {
	b, sb := operandValues[T](r)
	n := res.Len()
	for i := 0; i < n; i++ {
		if b[i*sb] != zero || !operandValid(r, i) || !operandValid(l, i) {
			continue
		}
		return kernels.ErrDivideByZero()
	}
	return nil
}

func operandValid(o Operand, i int) bool {
	if o.IsScalar() {
		return o.Scalar != nil
	}
	return o.Array.IsValid(i)
}

// checkDecimal applies ANSI to res, the LEGACY decimal result of l op r: a row
// whose operands are non-null but whose result is NULL overflowed (or divided
// by zero, which checkZeroDivisor reports first).
func checkDecimal(op Op, lt, rt, result types.DataType, l, r Operand, res arrow.Array) error {
	if op == Div {
		if err := checkZeroDivisor[num](l, r, res, num{}); err != nil {
			return err
		}
	}
	if res.NullN() == 0 {
		return nil
	}
	for i := 0; i < res.Len(); i++ {
		if res.IsNull(i) && operandValid(l, i) && operandValid(r, i) {
			a, sa := operandValues[num](l)
			b, sb := operandValues[num](r)
			return kernels.ErrNumericValueOutOfRange(a[i*sa].ToString(lt.Scale)+" "+op.String()+" "+b[i*sb].ToString(rt.Scale),
				result.Precision, result.Scale)
		}
	}
	return nil
}

func allValid(mem memory.Allocator, n int) *memory.Buffer {
	validity := kutil.NewBitmap(mem, n)
	bs := validity.Bytes()
	for i := range bs {
		bs[i] = 0xff
	}
	return validity
}

// replaceValidity returns res's values with a new validity bitmap, releasing res.
func replaceValidity(res arrow.Array, validity *memory.Buffer) arrow.Array {
	data := res.Data()
	buffers := data.Buffers()
	values := buffers[1]
	values.Retain()
	out := kutil.MakeArray(data.DataType(), res.Len(), kutil.NullCount(validity.Bytes(), res.Len()), validity, values)
	res.Release()
	return out
}
