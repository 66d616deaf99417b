package arith

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Op is a binary arithmetic operator.
type Op int8

const (
	Add Op = iota + 1 // +
	Sub               // -
	Mul               // *
	Div               // /
)

var opNames = [...]string{Add: "+", Sub: "-", Mul: "*", Div: "/"}

func (op Op) String() string {
	if op >= Add && op <= Div {
		return opNames[op]
	}
	return fmt.Sprintf("arith.Op(%d)", int8(op))
}

// Operand is one input of a binary kernel: an array, or a scalar that applies
// to every row. A scalar holds the Go value sparkplan.Literal documents for
// its type (int8, int16, int32, int64, float32, float64, decimal128.Num), or
// nil for NULL.
type Operand struct {
	Array  arrow.Array
	Scalar any
}

// ArrayOperand wraps an array.
func ArrayOperand(a arrow.Array) Operand { return Operand{Array: a} }

// ScalarOperand wraps a scalar value (nil for NULL).
func ScalarOperand(v any) Operand { return Operand{Scalar: v} }

// IsScalar reports whether the operand is a scalar.
func (o Operand) IsScalar() bool { return o.Array == nil }

func rows(l, r Operand) (int, error) {
	switch {
	case l.Array != nil && r.Array != nil:
		if l.Array.Len() != r.Array.Len() {
			return 0, fmt.Errorf("arith: operand lengths differ: %d and %d", l.Array.Len(), r.Array.Len())
		}
		return l.Array.Len(), nil
	case l.Array != nil:
		return l.Array.Len(), nil
	case r.Array != nil:
		return r.Array.Len(), nil
	}
	return 0, fmt.Errorf("arith: at least one operand must be an array")
}

func arrays(l, r Operand) []arrow.Array {
	out := make([]arrow.Array, 0, 2)
	if l.Array != nil {
		out = append(out, l.Array)
	}
	if r.Array != nil {
		out = append(out, r.Array)
	}
	return out
}

// allNull returns n NULLs of type dt.
func allNull(mem memory.Allocator, dt arrow.DataType, width, n int) arrow.Array {
	validity := kutil.NewBitmap(mem, n)
	values := kutil.NewBytes(mem, n*width)
	clear(values.Bytes())
	return kutil.MakeArray(dt, n, n, validity, values)
}

// Numeric computes l op r where both operands and the result have type t
// (byte, short, int, long, float or double). Integral + - * wrap on overflow
// (Java two's complement, byte and short included); / is defined for double
// only and gives NULL for a zero divisor (0.0 and -0.0).
//
// In ANSI mode integral overflow raises ARITHMETIC_OVERFLOW (int, long) or
// BINARY_ARITHMETIC_OVERFLOW (byte, short) and a zero divisor raises
// DIVIDE_BY_ZERO; in TRY mode those rows are NULL (see checked.go).
func Numeric(mem memory.Allocator, op Op, t types.DataType, l, r Operand, mode kernels.EvalMode) (arrow.Array, error) {
	if mode < kernels.Legacy || mode > kernels.Try {
		return nil, kernels.ErrUnsupported("arithmetic in eval mode %s", mode)
	}
	res, err := numericLegacy(mem, op, t, l, r)
	if err != nil || mode == kernels.Legacy {
		return res, err
	}
	switch t.ID {
	case types.Byte:
		return checkIntegral[int8](mem, op, t, l, r, res, mode)
	case types.Short:
		return checkIntegral[int16](mem, op, t, l, r, res, mode)
	case types.Int:
		return checkIntegral[int32](mem, op, t, l, r, res, mode)
	case types.Long:
		return checkIntegral[int64](mem, op, t, l, r, res, mode)
	case types.Double:
		if op == Div && mode == kernels.ANSI {
			if err := checkZeroDivisor[float64](l, r, res, 0); err != nil {
				res.Release()
				return nil, err
			}
		}
	}
	return res, nil
}

// numericLegacy is Numeric in LEGACY mode.
func numericLegacy(mem memory.Allocator, op Op, t types.DataType, l, r Operand) (arrow.Array, error) {
	n, err := rows(l, r)
	if err != nil {
		return nil, err
	}
	if op < Add || op > Div {
		return nil, kernels.ErrUnsupported("arithmetic operator %d", op)
	}
	if op == Div && t.ID != types.Double {
		return nil, kernels.ErrUnsupported("division producing %s (Spark's / produces double or decimal)", t)
	}
	switch t.ID {
	case types.Byte:
		return integral[int8](mem, op, arrow.PrimitiveTypes.Int8, l, r, n)
	case types.Short:
		return integral[int16](mem, op, arrow.PrimitiveTypes.Int16, l, r, n)
	case types.Int:
		return integral[int32](mem, op, arrow.PrimitiveTypes.Int32, l, r, n)
	case types.Long:
		return integral[int64](mem, op, arrow.PrimitiveTypes.Int64, l, r, n)
	case types.Float:
		return floating[float32](mem, op, arrow.PrimitiveTypes.Float32, l, r, n)
	case types.Double:
		return floating[float64](mem, op, arrow.PrimitiveTypes.Float64, l, r, n)
	}
	return nil, kernels.ErrUnsupported("arithmetic on %s", t)
}

// scalarOf extracts a typed scalar; ok is false for a NULL scalar.
func scalarOf[T any](o Operand) (v T, ok bool, err error) {
	if o.Scalar == nil {
		return v, false, nil
	}
	v, ok = o.Scalar.(T)
	if !ok {
		return v, false, fmt.Errorf("arith: scalar of Go type %T, want %T", o.Scalar, v)
	}
	return v, true, nil
}
