package arith

import (
	"math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// tc is one case: a op b = want (nil for NULL), written from the Spark rule
// cited with it.
type tc struct{ a, b, want any }

type kernelFn func(mem memory.Allocator, l, r Operand) (arrow.Array, error)

// run checks every case array-array over several batch sizes, with NULL rows
// and without, then array-scalar and scalar-array.
func run(t *testing.T, lt, rt types.DataType, f kernelFn, cases []tc) {
	t.Helper()
	all := append(append([]tc{}, cases...), tc{nil, cases[0].b, nil}, tc{cases[0].a, nil, nil})
	n := 8192 + 11
	for _, nulls := range []bool{true, false} {
		var as, bs, ws []any
		for i := 0; i < n; i++ {
			c := all[i%len(all)]
			if !nulls && (c.a == nil || c.b == nil) {
				continue
			}
			as, bs, ws = append(as, c.a), append(bs, c.b), append(ws, c.want)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		left, right := kerneltest.Build(mem, lt, as), kerneltest.Build(mem, rt, bs)
		kerneltest.SlicedShort(len(as), 100, func(start, end int) {
			l, r := kerneltest.Slice(left, start, end), kerneltest.Slice(right, start, end)
			defer l.Release()
			defer r.Release()
			got, err := f(mem, ArrayOperand(l), ArrayOperand(r))
			if err != nil {
				t.Fatal(err)
			}
			defer got.Release()
			kerneltest.Check(t, got, ws[start:end])
		})
		left.Release()
		right.Release()
		mem.AssertSize(t, 0)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, c := range all {
		// array op scalar: a column of c.a (and NULLs) against scalar c.b.
		col := kerneltest.Cycle([]any{c.a, nil}, 9)
		want := kerneltest.Cycle([]any{c.want, nil}, 9)
		arr := kerneltest.Build(mem, lt, col)
		got, err := f(mem, ArrayOperand(arr), ScalarOperand(c.b))
		if err != nil {
			t.Fatal(err)
		}
		kerneltest.Check(t, got, want)
		got.Release()
		arr.Release()
		// scalar op array.
		col = kerneltest.Cycle([]any{c.b, nil}, 9)
		arr = kerneltest.Build(mem, rt, col)
		got, err = f(mem, ScalarOperand(c.a), ArrayOperand(arr))
		if err != nil {
			t.Fatal(err)
		}
		kerneltest.Check(t, got, want)
		got.Release()
		arr.Release()
	}
}

func numeric(op Op, t types.DataType) kernelFn {
	return func(mem memory.Allocator, l, r Operand) (arrow.Array, error) {
		return Numeric(mem, op, t, l, r, kernels.Legacy)
	}
}

func dec(op Op, lt, rt, res types.DataType) kernelFn {
	return func(mem memory.Allocator, l, r Operand) (arrow.Array, error) {
		return Decimal(mem, op, lt, rt, res, l, r, kernels.Legacy)
	}
}

func TestIntegralWraps(t *testing.T) {
	// arithmetic.scala: LEGACY int/long `+ - *` wrap (Java); byte and short
	// are computed in int and narrowed with a cast, which wraps as well.
	b, s, i, l := types.ByteType, types.ShortType, types.IntType, types.LongType
	run(t, b, b, numeric(Add, b), []tc{{int8(127), int8(1), int8(-128)}, {int8(-5), int8(3), int8(-2)}})
	run(t, b, b, numeric(Sub, b), []tc{{int8(-128), int8(1), int8(127)}, {int8(3), int8(5), int8(-2)}})
	run(t, b, b, numeric(Mul, b), []tc{{int8(64), int8(2), int8(-128)}, {int8(100), int8(3), int8(44)}}) // 300-256
	run(t, s, s, numeric(Add, s), []tc{{int16(32767), int16(1), int16(-32768)}})
	run(t, s, s, numeric(Mul, s), []tc{{int16(300), int16(300), int16(24464)}}) // 90000-65536
	run(t, i, i, numeric(Add, i), []tc{{int32(math.MaxInt32), int32(1), int32(math.MinInt32)}, {int32(2), int32(3), int32(5)}})
	run(t, i, i, numeric(Mul, i), []tc{{int32(math.MinInt32), int32(-1), int32(math.MinInt32)}})
	run(t, i, i, numeric(Sub, i), []tc{{int32(math.MinInt32), int32(1), int32(math.MaxInt32)}})
	run(t, l, l, numeric(Add, l), []tc{{int64(math.MaxInt64), int64(1), int64(math.MinInt64)}})
	run(t, l, l, numeric(Sub, l), []tc{{int64(math.MinInt64), int64(1), int64(math.MaxInt64)}, {int64(10), int64(20), int64(-10)}})
	// 3037000500^2 = 9223372037000250000 = 2^64 - 9223372036709301616 wraps negative.
	run(t, l, l, numeric(Mul, l), []tc{{int64(3037000500), int64(3037000500), int64(-9223372036709301616)}})
}

func TestFloating(t *testing.T) {
	d, f := types.DoubleType, types.FloatType
	inf, nan, negZero := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	// IEEE 754 `+ - *` (arithmetic.scala: doubles overflow to Infinity).
	run(t, d, d, numeric(Add, d), []tc{{0.1, 0.2, 0.30000000000000004}, {inf, -inf, nan}, {math.MaxFloat64, math.MaxFloat64, inf}})
	run(t, d, d, numeric(Mul, d), []tc{{1e308, 10.0, inf}, {-1.0, 0.0, negZero}, {nan, 1.0, nan}})
	run(t, d, d, numeric(Sub, d), []tc{{0.0, 0.0, 0.0}, {negZero, 0.0, negZero}})
	// DivModLike: a zero divisor (0.0 or -0.0) gives NULL in LEGACY mode; a
	// NaN divisor is not zero.
	run(t, d, d, numeric(Div, d), []tc{
		{1.0, 0.0, nil}, {1.0, negZero, nil}, {0.0, 0.0, nil}, {nan, 0.0, nil},
		{1.0, nan, nan}, {-1.0, inf, negZero}, {1.0, 4.0, 0.25}, {inf, 2.0, inf},
	})
	run(t, f, f, numeric(Add, f), []tc{{float32(16777216), float32(1), float32(16777216)}, {float32(0.1), float32(0.2), float32(0.3)}})
	run(t, f, f, numeric(Mul, f), []tc{{float32(math.MaxFloat32), float32(2), float32(math.Inf(1))}})
}

func D(p, s int32) types.DataType { return types.DecimalType(p, s) }

var dn = kerneltest.Dec
var ds = kerneltest.DecStr

func TestDecimalAddSub(t *testing.T) {
	// Decimal `+`: exact sum, then toPrecision(p, s, HALF_UP), NULL on overflow.
	run(t, D(15, 2), D(15, 2), dec(Add, D(15, 2), D(15, 2), D(16, 2)), []tc{
		{dn(999999999999999), dn(1), dn(1000000000000000)}, // 9999999999999.99 + 0.01
		{dn(-150), dn(25), dn(-125)},
	})
	// Different scales: 1.25 + 0.0001 = 1.2501 at max(s1, s2) = 4.
	run(t, D(10, 2), D(10, 4), dec(Add, D(10, 2), D(10, 4), D(13, 4)), []tc{{dn(125), dn(1), dn(12501)}})
	run(t, D(15, 2), D(15, 2), dec(Sub, D(15, 2), D(15, 2), D(16, 2)), []tc{{dn(1), dn(2), dn(-1)}})
	// decimal(38,0) + decimal(38,38): DecimalPrecision gives decimal(38,6)
	// (intDigits 39, scale max(38-39, min(38, 6))). 1 + 0.0000005 rounds
	// HALF_UP to 1.000001; 1 + 0.00000049999... to 1.000000; negatives round
	// away from zero.
	half := ds("50000000000000000000000000000000")      // 5e31 at scale 38 = 0.0000005
	justUnder := ds("49999999999999999999999999999999") // 0.00000049999...
	run(t, D(38, 0), D(38, 38), dec(Add, D(38, 0), D(38, 38), D(38, 6)), []tc{
		{dn(1), half, dn(1000001)},
		{dn(1), justUnder, dn(1000000)},
		{dn(-1), ds("-50000000000000000000000000000000"), dn(-1000001)},
	})
	// Overflow: (10^38 - 1) + 1 needs 39 digits: NULL.
	max38 := ds("99999999999999999999999999999999999999")
	run(t, D(38, 0), D(38, 0), dec(Add, D(38, 0), D(38, 0), D(38, 0)), []tc{
		{max38, dn(1), nil}, {max38, dn(-1), ds("99999999999999999999999999999999999998")},
	})
	run(t, D(38, 0), D(38, 0), dec(Sub, D(38, 0), D(38, 0), D(38, 0)), []tc{
		{ds("-99999999999999999999999999999999999999"), dn(1), nil},
	})
}

func TestDecimalMultiply(t *testing.T) {
	// decimal(5,2) * decimal(5,2) = decimal(11,4): 1.23 * 4.56 = 5.6088.
	run(t, D(5, 2), D(5, 2), dec(Mul, D(5, 2), D(5, 2), D(11, 4)), []tc{{dn(123), dn(456), dn(56088)}, {dn(-123), dn(456), dn(-56088)}})
	// decimal(15,2) * decimal(15,2) = decimal(31,4) (64x64-bit product).
	run(t, D(15, 2), D(15, 2), dec(Mul, D(15, 2), D(15, 2), D(31, 4)), []tc{
		{dn(1234567), dn(-200), dn(-246913400)},
		{dn(999999999999999), dn(999999999999999), ds("999999999999998000000000000001")},
	})
	// SPARK-45786 (fixed in 3.5.1): -14120025096157587712113961295153.858047 *
	// -0.4652 = 6568635674732509803675414794505.5747634644, HALF_UP to scale 6
	// -> ...574763 (3.5.0 rounded twice and gave ...574764). Result type
	// decimal(38,6): p 43, s 10 -> intDigits 33, scale max(5, min(10, 6)).
	run(t, D(38, 6), D(4, 4), dec(Mul, D(38, 6), D(4, 4), D(38, 6)), []tc{
		{ds("-14120025096157587712113961295153858047"), dn(-4652), ds("6568635674732509803675414794505574763")},
	})
	// SPARK-40129: 9173594185998001607642838421.5479932913 * -12.0000000000
	// (decimal(38,10) each, result decimal(38,6)) = -110083130231976019291714061058.5759194956
	// -> HALF_UP -110083130231976019291714061058.575919.
	run(t, D(38, 10), D(38, 10), dec(Mul, D(38, 10), D(38, 10), D(38, 6)), []tc{
		{ds("91735941859980016076428384215479932913"), ds("-120000000000"), ds("-110083130231976019291714061058575919")},
	})
	// Overflow: 10^20 * 10^20 in decimal(38,0): NULL.
	run(t, D(38, 0), D(38, 0), dec(Mul, D(38, 0), D(38, 0), D(38, 0)), []tc{
		{ds("100000000000000000000"), ds("100000000000000000000"), nil},
		{ds("-99999999999999999999999999999999999999"), dn(1), ds("-99999999999999999999999999999999999999")},
	})
}

func TestDecimalDivide(t *testing.T) {
	// decimal(10,2) / decimal(10,2) = decimal(23,13) (scale max(6, 2+10+1)).
	run(t, D(10, 2), D(10, 2), dec(Div, D(10, 2), D(10, 2), D(23, 13)), []tc{
		{dn(100), dn(300), dn(3333333333333)},
		{dn(200), dn(300), dn(6666666666667)}, // HALF_UP
		{dn(-200), dn(300), dn(-6666666666667)},
		{dn(100), dn(0), nil}, // DivModLike: zero divisor -> NULL
		{dn(0), dn(-300), dn(0)},
	})
	// Exactly half at the last digit: 1 / 128 = 0.0078125 -> 0.007813 at scale
	// 6 (decimal(5,0) / decimal(5,0) = decimal(11,6)).
	run(t, D(5, 0), D(5, 0), dec(Div, D(5, 0), D(5, 0), D(11, 6)), []tc{
		{dn(1), dn(128), dn(7813)}, {dn(-1), dn(128), dn(-7813)}, {dn(1), dn(-128), dn(-7813)},
	})
	// SPARK-45786 (fixed in 3.5.1): -0.172787979 / 533704665545018957788294905796.5
	// = -3.2375204894...E-31; decimal(9,9) / decimal(31,1) = decimal(38,37)
	// (intDig 1, scale 41 -> max(37, min(41, 6))). Rounded once: -3237520E-37
	// (3.5.0 gave -3237521E-37).
	run(t, D(9, 9), D(31, 1), dec(Div, D(9, 9), D(31, 1), D(38, 37)), []tc{
		{dn(-172787979), ds("5337046655450189577882949057965"), dn(-3237520)},
	})
	// Overflow: 10^37 / 10^-38 = 10^75 does not fit decimal(38,6).
	run(t, D(38, 0), D(38, 38), dec(Div, D(38, 0), D(38, 38), D(38, 6)), []tc{
		{ds("10000000000000000000000000000000000000"), dn(1), nil},
		{dn(1), ds("10000000000000000000000000000000000000"), dn(10000000)}, // 1 / 0.1 = 10
	})
}
