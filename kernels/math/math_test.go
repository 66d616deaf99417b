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

// The expected values below are written from the Spark rules quoted in each
// kernel's file comment (arithmetic.scala, LEGACY mode), not from this code.

type unaryCase struct{ in, want any }

// runUnary checks every case over batch sizes 1, 7 and 8192 (slices with
// non-zero offsets), with NULL rows and without, with a checked allocator.
func runUnary(t *testing.T, typ types.DataType, f func(memory.Allocator, types.DataType, arrow.Array, kernels.EvalMode) (arrow.Array, error), cases []unaryCase) {
	t.Helper()
	for _, nulls := range []bool{false, true} {
		var ins, wants []any
		for i := 0; i < 8192+13; i++ {
			c := cases[i%len(cases)]
			if nulls && i%5 == 2 {
				c = unaryCase{nil, nil}
			}
			ins, wants = append(ins, c.in), append(wants, c.want)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		arr := kerneltest.Build(mem, typ, ins)
		kerneltest.SlicedShort(len(ins), 100, func(start, end int) {
			s := kerneltest.Slice(arr, start, end)
			defer s.Release()
			got, err := f(mem, typ, s, kernels.Legacy)
			if err != nil {
				t.Fatal(err)
			}
			defer got.Release()
			kerneltest.Check(t, got, wants[start:end])
		})
		arr.Release()
		mem.AssertSize(t, 0)
	}
}

type binCase struct{ a, b, want any }

type binFn func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error)

func runBinary(t *testing.T, lt, rt types.DataType, f binFn, cases []binCase) {
	t.Helper()
	for _, nulls := range []bool{false, true} {
		var as, bs, wants []any
		for i := 0; i < 8192+13; i++ {
			c := cases[i%len(cases)]
			if nulls && i%5 == 2 {
				c = binCase{nil, c.b, nil}
			}
			if nulls && i%7 == 3 {
				c = binCase{c.a, nil, nil}
			}
			as, bs, wants = append(as, c.a), append(bs, c.b), append(wants, c.want)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		l, r := kerneltest.Build(mem, lt, as), kerneltest.Build(mem, rt, bs)
		kerneltest.SlicedShort(len(as), 100, func(start, end int) {
			ls, rs := kerneltest.Slice(l, start, end), kerneltest.Slice(r, start, end)
			defer ls.Release()
			defer rs.Release()
			got, err := f(mem, ls, rs)
			if err != nil {
				t.Fatal(err)
			}
			defer got.Release()
			kerneltest.Check(t, got, wants[start:end])
		})
		l.Release()
		r.Release()
		mem.AssertSize(t, 0)
	}
}

var nan = gomath.NaN()
var negZero = gomath.Copysign(0, -1)

func TestUnaryMinus(t *testing.T) {
	// -(x) wraps: -Int.MinValue = Int.MinValue; byte and short narrow the int result.
	runUnary(t, types.ByteType, UnaryMinus, []unaryCase{{int8(5), int8(-5)}, {int8(-128), int8(-128)}, {int8(127), int8(-127)}, {int8(0), int8(0)}})
	runUnary(t, types.ShortType, UnaryMinus, []unaryCase{{int16(-32768), int16(-32768)}, {int16(300), int16(-300)}})
	runUnary(t, types.IntType, UnaryMinus, []unaryCase{{int32(gomath.MinInt32), int32(gomath.MinInt32)}, {int32(gomath.MaxInt32), int32(-gomath.MaxInt32)}, {int32(-7), int32(7)}})
	runUnary(t, types.LongType, UnaryMinus, []unaryCase{{int64(gomath.MinInt64), int64(gomath.MinInt64)}, {int64(1), int64(-1)}})
	// -(0.0) is -0.0 and -(-0.0) is 0.0; NaN stays NaN.
	runUnary(t, types.DoubleType, UnaryMinus, []unaryCase{{0.0, negZero}, {negZero, 0.0}, {nan, nan}, {gomath.Inf(1), gomath.Inf(-1)}, {1.5, -1.5}})
	runUnary(t, types.FloatType, UnaryMinus, []unaryCase{{float32(0), float32(negZero)}, {float32(2.5), float32(-2.5)}})
	// Decimal negation keeps precision and scale.
	dec := types.DecimalType(38, 6)
	runUnary(t, dec, UnaryMinus, []unaryCase{{kerneltest.DecStr("99999999999999999999999999999999999999"), kerneltest.DecStr("-99999999999999999999999999999999999999")}, {kerneltest.Dec(-150), kerneltest.Dec(150)}})
}

func TestAbs(t *testing.T) {
	// (javaType) Math.abs(x): abs(MinValue) wraps to MinValue, byte and short too.
	runUnary(t, types.ByteType, Abs, []unaryCase{{int8(-128), int8(-128)}, {int8(-5), int8(5)}, {int8(7), int8(7)}})
	runUnary(t, types.ShortType, Abs, []unaryCase{{int16(-32768), int16(-32768)}, {int16(-1), int16(1)}})
	runUnary(t, types.IntType, Abs, []unaryCase{{int32(gomath.MinInt32), int32(gomath.MinInt32)}, {int32(-3), int32(3)}, {int32(0), int32(0)}})
	runUnary(t, types.LongType, Abs, []unaryCase{{int64(gomath.MinInt64), int64(gomath.MinInt64)}, {int64(-3), int64(3)}})
	// Math.abs(-0.0) = 0.0; abs(NaN) is NaN; abs(-Inf) = Inf.
	runUnary(t, types.DoubleType, Abs, []unaryCase{{negZero, 0.0}, {nan, nan}, {gomath.Inf(-1), gomath.Inf(1)}, {-2.25, 2.25}})
	runUnary(t, types.FloatType, Abs, []unaryCase{{float32(negZero), float32(0)}, {float32(-1.5), float32(1.5)}})
	runUnary(t, types.DecimalType(12, 2), Abs, []unaryCase{{kerneltest.Dec(-999999999999), kerneltest.Dec(999999999999)}, {kerneltest.Dec(5), kerneltest.Dec(5)}})
}

func remainder(lt, rt, res types.DataType) binFn {
	return func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
		return Remainder(mem, lt, rt, res, l, r, kernels.Legacy)
	}
}

func pmod(lt, rt, res types.DataType) binFn {
	return func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
		return Pmod(mem, lt, rt, res, l, r, kernels.Legacy)
	}
}

func TestRemainder(t *testing.T) {
	i := types.IntType
	// Java %: the sign follows the dividend; x % 0 is NULL; MinValue % -1 = 0.
	runBinary(t, i, i, remainder(i, i, i), []binCase{
		{int32(7), int32(3), int32(1)}, {int32(-7), int32(3), int32(-1)}, {int32(7), int32(-3), int32(1)},
		{int32(5), int32(0), nil}, {int32(gomath.MinInt32), int32(-1), int32(0)}, {int32(0), int32(5), int32(0)},
	})
	runBinary(t, types.ByteType, types.ByteType, remainder(types.ByteType, types.ByteType, types.ByteType), []binCase{
		{int8(-128), int8(-1), int8(0)}, {int8(-128), int8(3), int8(-2)}, {int8(1), int8(0), nil},
	})
	l := types.LongType
	runBinary(t, l, l, remainder(l, l, l), []binCase{
		{int64(gomath.MinInt64), int64(-1), int64(0)}, {int64(gomath.MaxInt64), int64(10), int64(7)}, {int64(3), int64(0), nil},
	})
	d := types.DoubleType
	// Java double % is fmod; a zero divisor (0.0 or -0.0) gives NULL; NaN and
	// infinities follow IEEE: Inf % y = NaN, x % Inf = x.
	runBinary(t, d, d, remainder(d, d, d), []binCase{
		{7.5, 2.0, 1.5}, {-7.5, 2.0, -1.5}, {1.0, 0.0, nil}, {1.0, negZero, nil}, {nan, 1.0, nan},
		{gomath.Inf(1), 2.0, nan}, {3.0, gomath.Inf(1), 3.0}, {negZero, 3.0, negZero}, {2.0, nan, nan},
	})
	f := types.FloatType
	runBinary(t, f, f, remainder(f, f, f), []binCase{{float32(5.5), float32(1.5), float32(1.0)}, {float32(1), float32(0), nil}})
	// Decimal: exact remainder at scale max(s1, s2): 10.25 % 3.3 = 0.35 as decimal(3,2).
	a, b := types.DecimalType(12, 2), types.DecimalType(2, 1)
	res := types.DecimalType(3, 2)
	runBinary(t, a, b, remainder(a, b, res), []binCase{
		{kerneltest.Dec(1025), kerneltest.Dec(33), kerneltest.Dec(35)},
		{kerneltest.Dec(-1025), kerneltest.Dec(33), kerneltest.Dec(-35)},
		{kerneltest.Dec(1025), kerneltest.Dec(0), nil},
		{kerneltest.Dec(99999999999), kerneltest.Dec(-7), kerneltest.Dec(39)}, // 999999999.99 % -0.7 = 999999999.99 - 0.7 * 1428571428 = 0.39
	})
	// Wide decimals: decimal(10,10) % decimal(38,0) rescales the divisor beyond 128 bits.
	w1, w2 := types.DecimalType(10, 10), types.DecimalType(38, 0)
	runBinary(t, w1, w2, remainder(w1, w2, types.DecimalType(10, 10)), []binCase{
		{kerneltest.Dec(5000000000), kerneltest.DecStr("99999999999999999999999999999999999999"), kerneltest.Dec(5000000000)},
		{kerneltest.Dec(-5000000000), kerneltest.Dec(7), kerneltest.Dec(-5000000000)},
	})
}

func TestPmod(t *testing.T) {
	i := types.IntType
	// r = a % n; if (r < 0) (r + n) % n else r, with int wrap: pmod(-1, MinValue) = MaxValue.
	runBinary(t, i, i, pmod(i, i, i), []binCase{
		{int32(-7), int32(3), int32(2)}, {int32(7), int32(-3), int32(1)}, {int32(-7), int32(-3), int32(-1)},
		{int32(5), int32(0), nil}, {int32(-1), int32(gomath.MinInt32), int32(gomath.MaxInt32)}, {int32(10), int32(3), int32(1)},
	})
	// byte: computed in int, so r + n does not wrap: pmod(-1, -128) = -1.
	by := types.ByteType
	runBinary(t, by, by, pmod(by, by, by), []binCase{{int8(-1), int8(-128), int8(-1)}, {int8(-7), int8(3), int8(2)}, {int8(1), int8(0), nil}})
	sh := types.ShortType
	runBinary(t, sh, sh, pmod(sh, sh, sh), []binCase{{int16(-1), int16(-32768), int16(-1)}, {int16(-10), int16(4), int16(2)}})
	l := types.LongType
	runBinary(t, l, l, pmod(l, l, l), []binCase{{int64(-1), int64(gomath.MinInt64), int64(gomath.MaxInt64)}, {int64(-10), int64(7), int64(4)}})
	d := types.DoubleType
	// -0.0 is not < 0, so it stays -0.0; -7.5 pmod 2 = (-1.5 + 2) % 2 = 0.5.
	runBinary(t, d, d, pmod(d, d, d), []binCase{{-7.5, 2.0, 0.5}, {negZero, 2.0, negZero}, {1.0, 0.0, nil}, {nan, 2.0, nan}, {-1.0, gomath.Inf(1), nan}})
	f := types.FloatType
	runBinary(t, f, f, pmod(f, f, f), []binCase{{float32(-1), float32(-1.5), float32(-1)}, {float32(-2.5), float32(1.5), float32(0.5)}})
	a, b := types.DecimalType(12, 2), types.DecimalType(2, 1)
	res := types.DecimalType(3, 2)
	// -10.25 pmod 3.3: r = -0.35, (r + 3.3) % 3.3 = 2.95.
	runBinary(t, a, b, pmod(a, b, res), []binCase{
		{kerneltest.Dec(-1025), kerneltest.Dec(33), kerneltest.Dec(295)},
		{kerneltest.Dec(1025), kerneltest.Dec(-33), kerneltest.Dec(35)},
		{kerneltest.Dec(1), kerneltest.Dec(0), nil},
	})
}

func TestIntegralDivide(t *testing.T) {
	l := types.LongType
	div := func(lt, rt types.DataType) binFn {
		return func(mem memory.Allocator, a, b arrow.Array) (arrow.Array, error) {
			return IntegralDivide(mem, lt, rt, a, b, kernels.Legacy)
		}
	}
	// Truncated toward zero; x div 0 is NULL; MinValue div -1 wraps to MinValue.
	runBinary(t, l, l, div(l, l), []binCase{
		{int64(7), int64(2), int64(3)}, {int64(-7), int64(2), int64(-3)}, {int64(7), int64(0), nil},
		{int64(gomath.MinInt64), int64(-1), int64(gomath.MinInt64)},
	})
	// Decimal: quot truncated, then toLong: 10.25 div 0.7 = 14; -10.25 div 0.7 = -14.
	a, b := types.DecimalType(12, 2), types.DecimalType(2, 1)
	runBinary(t, a, b, div(a, b), []binCase{
		{kerneltest.Dec(1025), kerneltest.Dec(7), int64(14)}, {kerneltest.Dec(-1025), kerneltest.Dec(7), int64(-14)},
		{kerneltest.Dec(1), kerneltest.Dec(0), nil},
	})
	// A quotient beyond the long range keeps its low 64 bits (BigDecimal.longValue):
	// 10^20 = 0x56BC75E2D63100000, whose low 64 bits are 0x6BC75E2D63100000.
	w := types.DecimalType(38, 0)
	runBinary(t, w, w, div(w, w), []binCase{
		{kerneltest.DecStr("100000000000000000000"), kerneltest.Dec(1), int64(0x6BC75E2D63100000)},
	})
	// decimal(38,0) div decimal(38,10) is refused (TestEvalModes).
}

func TestEvalModes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	a := kerneltest.Build(mem, types.IntType, []any{int32(1)})
	defer a.Release()
	if _, err := UnaryMinus(mem, types.IntType, a, kernels.Try); err == nil {
		t.Fatal("TRY mode must be refused for -x")
	}
	// TRY is LEGACY for DivModLike (failOnError is evalMode == ANSI).
	z := kerneltest.Build(mem, types.IntType, []any{int32(0)})
	defer z.Release()
	got, err := Remainder(mem, types.IntType, types.IntType, types.IntType, a, z, kernels.Try)
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{nil})
	got.Release()
	// Spark's Decimal.quot / remainder can fail with "Division impossible" when the
	// integral quotient can exceed 38 digits: such operand types are refused.
	w1, w2 := types.DecimalType(38, 0), types.DecimalType(38, 37)
	d1 := kerneltest.Build(mem, w1, []any{kerneltest.Dec(1)})
	d2 := kerneltest.Build(mem, w2, []any{kerneltest.Dec(3)})
	defer d1.Release()
	defer d2.Release()
	for _, m := range []kernels.EvalMode{kernels.Legacy, kernels.ANSI, kernels.Try} {
		if _, err := Remainder(mem, w1, w2, w2, d1, d2, m); err == nil {
			t.Fatal("decimal(38,0) % decimal(38,37) must be refused")
		}
		if _, err := IntegralDivide(mem, w1, w2, d1, d2, m); err == nil {
			t.Fatal("decimal(38,0) div decimal(38,37) must be refused")
		}
	}
}

// ANSI mode on decimals: a zero divisor with a non-null dividend raises
// DIVIDE_BY_ZERO (%, pmod, div); -x and abs never raise; otherwise LEGACY's value.
func TestANSIDecimal(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	a, b := types.DecimalType(12, 2), types.DecimalType(5, 1)
	res := types.DecimalType(5, 2)
	l := kerneltest.Build(mem, a, []any{kerneltest.Dec(1025), nil, kerneltest.Dec(-1025)})
	r := kerneltest.Build(mem, b, []any{kerneltest.Dec(33), kerneltest.Dec(0), kerneltest.Dec(0)})
	defer l.Release()
	defer r.Release()
	_, err := Remainder(mem, a, b, res, l, r, kernels.ANSI)
	wantClass(t, err, "DIVIDE_BY_ZERO")
	_, err = Pmod(mem, a, b, res, l, r, kernels.ANSI)
	wantClass(t, err, "DIVIDE_BY_ZERO")
	_, err = IntegralDivide(mem, a, b, l, r, kernels.ANSI)
	wantClass(t, err, "DIVIDE_BY_ZERO")
	// The first two rows: the zero divisor meets a NULL dividend, no error.
	sl, sr := kerneltest.Slice(l, 0, 2), kerneltest.Slice(r, 0, 2)
	defer sl.Release()
	defer sr.Release()
	got, err := Remainder(mem, a, b, res, sl, sr, kernels.ANSI)
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{kerneltest.Dec(35), nil})
	got.Release()
	l3 := kerneltest.Slice(l, 2, 3)
	r3 := kerneltest.Build(mem, b, []any{kerneltest.Dec(33)})
	defer l3.Release()
	defer r3.Release()
	got, err = Pmod(mem, a, b, res, l3, r3, kernels.ANSI)
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{kerneltest.Dec(295)}) // pmod(-10.25, 3.3) = 2.95
	got.Release()
	got, err = IntegralDivide(mem, a, b, sl, sr, kernels.ANSI)
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{int64(3), nil})
	got.Release()
	got, err = Abs(mem, a, l, kernels.ANSI)
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{kerneltest.Dec(1025), nil, kerneltest.Dec(1025)})
	got.Release()
}

func wantClass(t *testing.T, err error, class string) {
	t.Helper()
	var kerr *kernels.Error
	if !errors.As(err, &kerr) || kerr.Class != class {
		t.Fatalf("got %v, want error class %s", err, class)
	}
}

// ANSI mode: Spark's error for the minimum integral value (-x, abs), a zero
// divisor with a non-null dividend (%, pmod, div), and Long.MinValue div -1;
// no error for a zero divisor whose dividend is NULL; LEGACY's value otherwise.
func TestANSI(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	build := func(typ types.DataType, vals ...any) arrow.Array { return kerneltest.Build(mem, typ, vals) }
	ints := build(types.IntType, int32(5), int32(gomath.MinInt32))
	bytes := build(types.ByteType, int8(-128))
	longs := build(types.LongType, int64(gomath.MinInt64), nil, int64(7))
	divisors := build(types.LongType, int64(-1), int64(0), int64(2))
	zeros := build(types.LongType, int64(3), int64(0), int64(0))
	doubles := build(types.DoubleType, 1.0, nil)
	dzeros := build(types.DoubleType, -0.0, 0.0)
	defer func() {
		for _, a := range []arrow.Array{ints, bytes, longs, divisors, zeros, doubles, dzeros} {
			a.Release()
		}
	}()
	_, err := Abs(mem, types.IntType, ints, kernels.ANSI)
	wantClass(t, err, "ARITHMETIC_OVERFLOW")
	_, err = UnaryMinus(mem, types.ByteType, bytes, kernels.ANSI)
	wantClass(t, err, "_LEGACY_ERROR_TEMP_2043")
	_, err = IntegralDivide(mem, types.LongType, types.LongType, longs, divisors, kernels.ANSI)
	wantClass(t, err, "ARITHMETIC_OVERFLOW")
	_, err = Remainder(mem, types.LongType, types.LongType, types.LongType, longs, zeros, kernels.ANSI)
	wantClass(t, err, "DIVIDE_BY_ZERO")
	_, err = Pmod(mem, types.DoubleType, types.DoubleType, types.DoubleType, doubles, dzeros, kernels.ANSI)
	wantClass(t, err, "DIVIDE_BY_ZERO")
	// longs[1] is NULL where zeros[1] is 0: no error; longs[2] % 0 raises.
	sub := kerneltest.Slice(longs, 1, 2)
	subZero := kerneltest.Slice(zeros, 1, 2)
	got, err := Remainder(mem, types.LongType, types.LongType, types.LongType, sub, subZero, kernels.ANSI)
	sub.Release()
	subZero.Release()
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{nil})
	got.Release()
	got, err = Abs(mem, types.LongType, divisors, kernels.ANSI)
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{int64(1), int64(0), int64(2)})
	got.Release()
}
