package cmp

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/predicates.scala
// (BinaryComparison, EqualTo, EqualNullSafe, LessThan, LessThanOrEqual,
// GreaterThan, GreaterThanOrEqual) and codegen/CodeGenerator.scala (genEqual,
// genComp): integral, date and timestamp values compare as Java primitives;
// float and double through SQLOrderingUtil.compareFloats/compareDoubles
// (util/SQLOrderingUtil.scala: `if (x == y) 0 else java.lang.Double.compare(x, y)`),
// and EqualTo as `(isNaN(a) && isNaN(b)) || a == b`; decimals by value (both
// sides have one type, so by unscaled value); strings by UTF8String.compareTo
// (unsigned bytes); binary by TypeUtils.compareBinary (unsigned bytes);
// booleans with false < true.

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Op is a comparison operator.
type Op int8

const (
	Eq         Op = iota + 1 // =
	NullSafeEq               // <=>
	Lt                       // <
	Le                       // <=
	Gt                       // >
	Ge                       // >=
)

var opNames = [...]string{Eq: "=", NullSafeEq: "<=>", Lt: "<", Le: "<=", Gt: ">", Ge: ">="}

func (op Op) String() string {
	if op >= Eq && op <= Ge {
		return opNames[op]
	}
	return fmt.Sprintf("cmp.Op(%d)", int8(op))
}

// Flip returns the operator that gives the same answer with the operands
// swapped: a < b is b > a.
func (op Op) Flip() Op {
	switch op {
	case Lt:
		return Gt
	case Le:
		return Ge
	case Gt:
		return Lt
	case Ge:
		return Le
	}
	return op
}

// Supported reports whether Compare handles operands of type t.
func Supported(t types.DataType) bool {
	switch t.ID {
	case types.Boolean, types.Byte, types.Short, types.Int, types.Long, types.Float, types.Double,
		types.Decimal, types.String, types.Binary, types.Date, types.Timestamp, types.TimestampNTZ:
		return true
	}
	return false
}

// Compare evaluates left op right row by row; both arrays have Spark type t and
// the same length.
func Compare(mem memory.Allocator, op Op, t types.DataType, left, right arrow.Array) (arrow.Array, error) {
	if op < Eq || op > Ge {
		return nil, kernels.ErrUnsupported("comparison operator %d", op)
	}
	if left.Len() != right.Len() {
		return nil, fmt.Errorf("cmp: operand lengths differ: %d and %d", left.Len(), right.Len())
	}
	n := left.Len()
	if n == 0 {
		return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, 0, 0, nil, kutil.NewBitmap(mem, 0)), nil
	}
	// <=> compares values as =, then fixes up the null rows.
	vop := op
	if op == NullSafeEq {
		vop = Eq
	}
	values := kutil.NewBitmap(mem, n)
	out := values.Bytes()
	switch t.ID {
	case types.Byte:
		ordAA(vop, kutil.Values[int8](left), kutil.Values[int8](right), out)
	case types.Short:
		ordAA(vop, kutil.Values[int16](left), kutil.Values[int16](right), out)
	case types.Int, types.Date:
		ordAA(vop, kutil.Values[int32](left), kutil.Values[int32](right), out)
	case types.Long, types.Timestamp, types.TimestampNTZ:
		ordAA(vop, kutil.Values[int64](left), kutil.Values[int64](right), out)
	case types.Float:
		floatAA(vop, kutil.Values[float32](left), kutil.Values[float32](right), out)
	case types.Double:
		floatAA(vop, kutil.Values[float64](left), kutil.Values[float64](right), out)
	case types.Decimal:
		decimalAA(vop, kutil.Values[decimal128.Num](left), kutil.Values[decimal128.Num](right), out)
	case types.String, types.Binary:
		bytesAA(vop, left, right, out)
	case types.Boolean:
		boolAA(vop, left, right, out)
	default:
		values.Release()
		return nil, kernels.ErrUnsupported("comparison of %s", t)
	}
	return finish(mem, op, n, values, left, right), nil
}

// CompareScalar evaluates left op right for each row of left, where right is a
// scalar of Spark type t given as the Go value sparkplan.Literal documents
// (bool, int8, int16, int32, int64, float32, float64, decimal128.Num, string,
// []byte), or nil for NULL. For scalar op array, call it with op.Flip().
func CompareScalar(mem memory.Allocator, op Op, t types.DataType, left arrow.Array, right any) (arrow.Array, error) {
	if op < Eq || op > Ge {
		return nil, kernels.ErrUnsupported("comparison operator %d", op)
	}
	n := left.Len()
	if n == 0 {
		return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, 0, 0, nil, kutil.NewBitmap(mem, 0)), nil
	}
	if right == nil {
		return compareNull(mem, op, left), nil
	}
	vop := op
	if op == NullSafeEq {
		vop = Eq
	}
	values := kutil.NewBitmap(mem, n)
	out := values.Bytes()
	ok := true
	switch t.ID {
	case types.Byte:
		var s int8
		if s, ok = right.(int8); ok {
			ordAS(vop, kutil.Values[int8](left), s, out)
		}
	case types.Short:
		var s int16
		if s, ok = right.(int16); ok {
			ordAS(vop, kutil.Values[int16](left), s, out)
		}
	case types.Int, types.Date:
		var s int32
		if s, ok = right.(int32); ok {
			ordAS(vop, kutil.Values[int32](left), s, out)
		}
	case types.Long, types.Timestamp, types.TimestampNTZ:
		var s int64
		if s, ok = right.(int64); ok {
			ordAS(vop, kutil.Values[int64](left), s, out)
		}
	case types.Float:
		var s float32
		if s, ok = right.(float32); ok {
			floatAS(vop, kutil.Values[float32](left), s, out)
		}
	case types.Double:
		var s float64
		if s, ok = right.(float64); ok {
			floatAS(vop, kutil.Values[float64](left), s, out)
		}
	case types.Decimal:
		var s decimal128.Num
		if s, ok = right.(decimal128.Num); ok {
			decimalAS(vop, kutil.Values[decimal128.Num](left), s, out)
		}
	case types.String:
		var s string
		if s, ok = right.(string); ok {
			bytesAS(vop, left, []byte(s), out)
		}
	case types.Binary:
		var s []byte
		if s, ok = right.([]byte); ok {
			bytesAS(vop, left, s, out)
		}
	case types.Boolean:
		var s bool
		if s, ok = right.(bool); ok {
			boolAS(vop, left, s, out)
		}
	default:
		values.Release()
		return nil, kernels.ErrUnsupported("comparison of %s", t)
	}
	if !ok {
		values.Release()
		return nil, fmt.Errorf("cmp: scalar of Go type %T does not match %s", right, t)
	}
	return finish(mem, op, n, values, left), nil
}

// finish attaches the validity: the AND of the inputs' validity, or for <=>
// folds the null rows into the values (null <=> null is true, null <=> x
// false) and leaves no nulls.
func finish(mem memory.Allocator, op Op, n int, values *memory.Buffer, arrs ...arrow.Array) arrow.Array {
	if op != NullSafeEq {
		validity, nulls := kutil.AndValidity(mem, n, arrs...)
		return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, nulls, validity, values)
	}
	out := values.Bytes()
	if len(arrs) == 1 {
		// A scalar that is not NULL: a NULL row gives false.
		if bits, off := kutil.Validity(arrs[0]); bits != nil {
			bitutil.BitmapAnd(out, bits, 0, int64(off), out, 0, int64(n))
		}
		return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, 0, nil, values)
	}
	lb, lo := kutil.Validity(arrs[0])
	rb, ro := kutil.Validity(arrs[1])
	if lb == nil && rb == nil {
		return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, 0, nil, values)
	}
	var lbuf, rbuf []byte
	l := alignedOrOnes(lb, lo, n, &lbuf)
	r := alignedOrOnes(rb, ro, n, &rbuf)
	for i := range out {
		both := l[i] & r[i]
		neither := ^(l[i] | r[i])
		out[i] = (out[i] & both) | neither
	}
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, 0, nil, values)
}

func alignedOrOnes(bits []byte, off, n int, scratch *[]byte) []byte {
	if bits == nil {
		nb := int(bitutil.BytesForBits(int64(n)))
		s := make([]byte, nb)
		for i := range s {
			s[i] = 0xff
		}
		return s
	}
	return kutil.AlignedBits(bits, off, n, scratch)
}

// compareNull is left op NULL: all NULL, or for <=> whether left is NULL.
func compareNull(mem memory.Allocator, op Op, left arrow.Array) arrow.Array {
	n := left.Len()
	values := kutil.NewBitmap(mem, n)
	if op != NullSafeEq {
		validity := kutil.NewBitmap(mem, n)
		return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, n, validity, values)
	}
	if bits, off := kutil.Validity(left); bits != nil {
		bitutil.InvertBitmap(bits, off, n, values.Bytes(), 0)
	}
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, 0, nil, values)
}
