package math

import (
	"errors"
	gomath "math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// NormalizeFloatingNumbers.scala: NaN -> Double.NaN / Float.NaN, -0.0 -> 0.0.
func TestNormalizeNaNAndZero(t *testing.T) {
	run := func(mem memory.Allocator, _ types.DataType, a arrow.Array, _ kernels.EvalMode) (arrow.Array, error) {
		return NormalizeNaNAndZero(mem, a), nil
	}
	javaNaN := gomath.Float64frombits(0x7ff8000000000000)
	runUnary(t, types.DoubleType, run, []unaryCase{
		{gomath.Copysign(0, -1), 0.0}, {0.0, 0.0}, {gomath.Float64frombits(0x7ff8000000000123), javaNaN},
		{gomath.Float64frombits(0xfff8000000000000), javaNaN}, {1.5, 1.5}, {gomath.Inf(-1), gomath.Inf(-1)},
		{5e-324, 5e-324},
	})
	javaNaN32 := gomath.Float32frombits(0x7fc00000)
	runUnary(t, types.FloatType, run, []unaryCase{
		{float32(gomath.Copysign(0, -1)), float32(0)}, {gomath.Float32frombits(0xffc00001), javaNaN32},
		{float32(2.5), float32(2.5)},
	})
	// bits, not only values: the canonical NaN and +0.0
	mem := memory.NewGoAllocator()
	in := kerneltest.Build(mem, types.DoubleType, []any{gomath.Float64frombits(0x7ff8000000000123), gomath.Copysign(0, -1)})
	out := NormalizeNaNAndZero(mem, in)
	vals := arrow.Float64Traits.CastFromBytes(out.Data().Buffers()[1].Bytes())
	if gomath.Float64bits(vals[0]) != 0x7ff8000000000000 || gomath.Float64bits(vals[1]) != 0 {
		t.Fatalf("bits %x %x", gomath.Float64bits(vals[0]), gomath.Float64bits(vals[1]))
	}
}

// decimalExpressions.scala UnscaledValue: Decimal.toUnscaledLong.
func TestUnscaledValue(t *testing.T) {
	run := func(mem memory.Allocator, _ types.DataType, a arrow.Array, _ kernels.EvalMode) (arrow.Array, error) {
		return UnscaledValue(mem, a), nil
	}
	runUnary(t, types.DecimalType(18, 2), run, []unaryCase{
		{kerneltest.Dec(0), int64(0)}, {kerneltest.Dec(-1), int64(-1)}, {kerneltest.Dec(999999999999999999), int64(999999999999999999)},
		{kerneltest.Dec(-999999999999999999), int64(-999999999999999999)}, {kerneltest.Dec(12345), int64(12345)},
	})
}

func BenchmarkAggregationHelpers(b *testing.B) {
	const n = 8192
	for _, nulls := range []bool{false, true} {
		suffix := "/no_nulls"
		if nulls {
			suffix = "/nulls"
		}
		mem := memory.NewGoAllocator()
		d := benchArrays(mem, types.DoubleType, n, nulls, func(i int) any { return float64(i%7) - 3 })
		b.Run("NormalizeNaNAndZero/double"+suffix, func(b *testing.B) {
			b.SetBytes(n * 8)
			for i := 0; i < b.N; i++ {
				NormalizeNaNAndZero(mem, d).Release()
			}
		})
		x := benchArrays(mem, types.DecimalType(12, 2), n, nulls, func(i int) any { return kerneltest.Dec(int64(i)) })
		b.Run("UnscaledValue/decimal(12,2)"+suffix, func(b *testing.B) {
			b.SetBytes(n * 16)
			for i := 0; i < b.N; i++ {
				UnscaledValue(mem, x).Release()
			}
		})
		l := benchArrays(mem, types.LongType, n, nulls, func(i int) any { return int64(i) * 1000 })
		b.Run("MakeDecimal/decimal(15,2)"+suffix, func(b *testing.B) {
			b.SetBytes(n * 8)
			for i := 0; i < b.N; i++ {
				out, _ := MakeDecimal(mem, l, types.DecimalType(15, 2), kernels.Legacy)
				out.Release()
			}
		})
	}
}

// decimalExpressions.scala MakeDecimal: Decimal.setOrNull (legacy) and
// Decimal.set (ANSI) accept |v| < 10^precision, every long at precision >= 19.
func TestMakeDecimal(t *testing.T) {
	for _, tc := range []struct {
		precision int32
		cases     []unaryCase
	}{
		{5, []unaryCase{{int64(0), kerneltest.Dec(0)}, {int64(99999), kerneltest.Dec(99999)},
			{int64(-99999), kerneltest.Dec(-99999)}, {int64(100000), nil}, {int64(-100000), nil},
			{int64(gomath.MaxInt64), nil}, {int64(gomath.MinInt64), nil}}},
		{18, []unaryCase{{int64(999999999999999999), kerneltest.Dec(999999999999999999)},
			{int64(1000000000000000000), nil}, {int64(-1000000000000000000), nil}}},
		{19, []unaryCase{{int64(gomath.MaxInt64), kerneltest.Dec(gomath.MaxInt64)},
			{int64(gomath.MinInt64), kerneltest.Dec(gomath.MinInt64)}}},
	} {
		dt := types.DecimalType(tc.precision, 2)
		runUnary(t, types.LongType, func(mem memory.Allocator, _ types.DataType, a arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
			return MakeDecimal(mem, a, dt, mode)
		}, tc.cases)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	in := kerneltest.Build(mem, types.LongType, []any{int64(5), nil, int64(-123456)})
	defer in.Release()
	_, err := MakeDecimal(mem, in, types.DecimalType(5, 2), kernels.ANSI)
	var ke *kernels.Error
	if !errors.As(err, &ke) || ke.Class != "NUMERIC_VALUE_OUT_OF_RANGE" || ke.Params["value"] != "-1234.56" {
		t.Fatalf("ANSI overflow: %v", err)
	}
	ok := kerneltest.Build(mem, types.LongType, []any{int64(5), nil, int64(-99999)})
	defer ok.Release()
	got, err := MakeDecimal(mem, ok, types.DecimalType(5, 2), kernels.ANSI)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Release()
	kerneltest.Check(t, got, []any{kerneltest.Dec(5), nil, kerneltest.Dec(-99999)})
}
