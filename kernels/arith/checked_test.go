package arith

import (
	"errors"
	"math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

func numericMode(op Op, t types.DataType, mode kernels.EvalMode) kernelFn {
	return func(mem memory.Allocator, l, r Operand) (arrow.Array, error) { return Numeric(mem, op, t, l, r, mode) }
}

// TRY: the rows ANSI would raise on are NULL; the others keep LEGACY's value.
func TestTryIntegralOverflowIsNull(t *testing.T) {
	run(t, types.IntType, types.IntType, numericMode(Add, types.IntType, kernels.Try), []tc{
		{int32(1), int32(2), int32(3)},
		{int32(math.MaxInt32), int32(1), nil},
		{int32(math.MinInt32), int32(-1), nil},
		{int32(-5), int32(5), int32(0)},
	})
	run(t, types.LongType, types.LongType, numericMode(Mul, types.LongType, kernels.Try), []tc{
		{int64(3), int64(4), int64(12)},
		{int64(math.MinInt64), int64(-1), nil},
		{int64(-1), int64(math.MinInt64), nil},
		{int64(1 << 32), int64(1 << 31), nil},
		{int64(1 << 31), int64(1 << 31), int64(1 << 62)},
		{int64(0), int64(math.MinInt64), int64(0)},
	})
	run(t, types.ByteType, types.ByteType, numericMode(Sub, types.ByteType, kernels.Try), []tc{
		{int8(-128), int8(1), nil},
		{int8(-127), int8(1), int8(-128)},
		{int8(100), int8(-27), int8(127)},
	})
	run(t, types.ShortType, types.ShortType, numericMode(Mul, types.ShortType, kernels.Try), []tc{
		{int16(200), int16(200), nil},
		{int16(-128), int16(256), int16(-32768)},
	})
}

func TestTryDivideByZeroIsNull(t *testing.T) {
	run(t, types.DoubleType, types.DoubleType, numericMode(Div, types.DoubleType, kernels.Try), []tc{
		{1.0, 0.0, nil},
		{1.0, math.Copysign(0, -1), nil},
		{1.0, 4.0, 0.25},
	})
}

func wantClass(t *testing.T, err error, class string) {
	t.Helper()
	var kerr *kernels.Error
	if !errors.As(err, &kerr) || kerr.Class != class {
		t.Fatalf("got error %v, want class %s", err, class)
	}
}

func TestANSIRaisesSparksErrorClass(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cases := []struct {
		op     Op
		t      types.DataType
		a, b   []any
		class  string
		params map[string]string
	}{
		{Add, types.IntType, []any{int32(1), int32(math.MaxInt32)}, []any{int32(1), int32(1)}, "ARITHMETIC_OVERFLOW",
			map[string]string{"message": "integer overflow", "alternative": " Use 'try_add' to tolerate overflow and return NULL instead."}},
		{Sub, types.LongType, []any{int64(math.MinInt64)}, []any{int64(1)}, "ARITHMETIC_OVERFLOW",
			map[string]string{"message": "long overflow"}},
		{Mul, types.ByteType, []any{int8(64)}, []any{int8(2)}, "BINARY_ARITHMETIC_OVERFLOW",
			map[string]string{"value1": "64Y", "symbol": "*", "value2": "2Y"}},
		{Add, types.ShortType, []any{int16(32767)}, []any{int16(1)}, "BINARY_ARITHMETIC_OVERFLOW",
			map[string]string{"value1": "32767S", "symbol": "+", "value2": "1S"}},
		{Div, types.DoubleType, []any{1.0, 2.0}, []any{1.0, 0.0}, "DIVIDE_BY_ZERO", nil},
	}
	for _, c := range cases {
		l, r := kerneltest.Build(mem, c.t, c.a), kerneltest.Build(mem, c.t, c.b)
		got, err := Numeric(mem, c.op, c.t, ArrayOperand(l), ArrayOperand(r), kernels.ANSI)
		if got != nil {
			got.Release()
		}
		wantClass(t, err, c.class)
		for k, v := range c.params {
			if p := err.(*kernels.Error).Params[k]; p != v {
				t.Errorf("%s %s: param %s = %q, want %q", c.t, c.op, k, p, v)
			}
		}
		l.Release()
		r.Release()
	}
}

// A row raises only when both operands are non-null (Spark evaluates the
// operation only then); ANSI without a bad row gives LEGACY's result.
func TestANSISkipsNullRows(t *testing.T) {
	run(t, types.IntType, types.IntType, numericMode(Add, types.IntType, kernels.ANSI), []tc{
		{int32(1), int32(2), int32(3)},
		{nil, int32(math.MaxInt32), nil},
		{int32(math.MaxInt32), nil, nil},
	})
	run(t, types.DoubleType, types.DoubleType, numericMode(Div, types.DoubleType, kernels.ANSI), []tc{
		{1.0, 2.0, 0.5},
		{nil, 0.0, nil},
	})
}

func TestANSIDecimal(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	d38 := types.DecimalType(38, 0)
	max38 := kerneltest.DecStr("99999999999999999999999999999999999999")
	l := kerneltest.Build(mem, d38, []any{max38, nil})
	r := kerneltest.Build(mem, d38, []any{kerneltest.Dec(1), kerneltest.Dec(0)})
	defer l.Release()
	defer r.Release()
	_, err := Decimal(mem, Add, d38, d38, d38, ArrayOperand(l), ArrayOperand(r), kernels.ANSI)
	wantClass(t, err, "NUMERIC_VALUE_OUT_OF_RANGE")
	got, err := Decimal(mem, Add, d38, d38, d38, ArrayOperand(l), ArrayOperand(r), kernels.Try)
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{nil, nil})
	got.Release()
	// null dividend with a zero divisor: no error.
	dres := types.DecimalType(38, 6)
	got, err = Decimal(mem, Div, d38, d38, dres, ArrayOperand(r), ArrayOperand(l), kernels.ANSI)
	if err != nil {
		t.Fatal(err)
	}
	got.Release()
	small := kerneltest.Build(mem, d38, []any{kerneltest.Dec(5), nil})
	defer small.Release()
	got, err = Decimal(mem, Div, d38, d38, dres, ArrayOperand(small), ArrayOperand(r), kernels.ANSI)
	if err != nil {
		t.Fatalf("the zero divisor's row has a null dividend: %v", err)
	}
	kerneltest.Check(t, got, []any{kerneltest.Dec(5000000), nil})
	got.Release()
	_, err = Decimal(mem, Div, d38, d38, dres, ArrayOperand(r), ScalarOperand(kerneltest.Dec(0)), kernels.ANSI)
	wantClass(t, err, "DIVIDE_BY_ZERO")
}
