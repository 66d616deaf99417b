package cast

import (
	"math"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

type tc struct{ in, want any }

// run checks cast(from -> to) on every case over several batch sizes, with
// NULL rows mixed in and without.
func run(t *testing.T, from, to types.DataType, cases []tc) {
	t.Helper()
	all := append(append([]tc{}, cases...), tc{nil, nil})
	for _, nulls := range []bool{true, false} {
		var ins, ws []any
		for i := 0; i < 8192+13; i++ {
			c := all[i%len(all)]
			if !nulls && c.in == nil {
				continue
			}
			ins, ws = append(ins, c.in), append(ws, c.want)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		arr := kerneltest.Build(mem, from, ins)
		kerneltest.SlicedShort(len(ins), 60, func(start, end int) {
			a := kerneltest.Slice(arr, start, end)
			defer a.Release()
			got, err := Numeric(mem, from, to, a, kernels.Legacy)
			if err != nil {
				t.Fatal(err)
			}
			defer got.Release()
			kerneltest.Check(t, got, ws[start:end])
		})
		arr.Release()
		mem.AssertSize(t, 0)
	}
}

var (
	byteT, shortT, intT, longT = types.ByteType, types.ShortType, types.IntType, types.LongType
	floatT, doubleT            = types.FloatType, types.DoubleType
	dn, ds                     = kerneltest.Dec, kerneltest.DecStr
)

func D(p, s int32) types.DataType { return types.DecimalType(p, s) }

func TestIntegralNarrowingWraps(t *testing.T) {
	// Cast.castToByte etc. (LEGACY): `numeric.toInt(b).toByte`, Long.toInt:
	// two's complement truncation.
	run(t, intT, byteT, []tc{{int32(300), int8(44)}, {int32(-129), int8(127)}, {int32(127), int8(127)}})
	run(t, longT, intT, []tc{{int64(1<<40 + 5), int32(5)}, {int64(math.MaxInt64), int32(-1)}})
	run(t, longT, shortT, []tc{{int64(65537), int16(1)}, {int64(-32769), int16(32767)}})
	run(t, byteT, longT, []tc{{int8(-128), int64(-128)}})
	run(t, shortT, intT, []tc{{int16(-32768), int32(-32768)}})
}

func TestFloatToIntegral(t *testing.T) {
	// Double.toInt / toLong are Java's d2i / d2l: NaN -> 0, saturate,
	// truncate toward zero. To byte/short: d2i, then wrap (toInt.toByte).
	nan, inf := math.NaN(), math.Inf(1)
	run(t, doubleT, intT, []tc{{nan, int32(0)}, {1e10, int32(math.MaxInt32)}, {-1e10, int32(math.MinInt32)},
		{3.99, int32(3)}, {-3.99, int32(-3)}, {inf, int32(math.MaxInt32)}, {-inf, int32(math.MinInt32)}})
	run(t, doubleT, longT, []tc{{9.3e18, int64(math.MaxInt64)}, {-9.3e18, int64(math.MinInt64)}, {nan, int64(0)}, {-0.5, int64(0)}})
	run(t, floatT, longT, []tc{{float32(1e20), int64(math.MaxInt64)}, {float32(math.NaN()), int64(0)}, {float32(-2.5), int64(-2)}})
	run(t, doubleT, byteT, []tc{{1e10, int8(-1)}, {300.7, int8(44)}, {-129.5, int8(127)}, {nan, int8(0)}})
	run(t, doubleT, shortT, []tc{{40000.0, int16(-25536)}, {-1e300, int16(0)}}) // MinInt32 low 16 bits = 0
	run(t, floatT, byteT, []tc{{float32(255.9), int8(-1)}})
}

func TestToFloating(t *testing.T) {
	// Long.toFloat / toDouble and Double.toFloat: round to nearest even.
	run(t, longT, floatT, []tc{{int64(16777217), float32(16777216)}, {int64(math.MaxInt64), float32(9.223372e18)}})
	run(t, longT, doubleT, []tc{{int64(1<<53 + 1), float64(1 << 53)}, {int64(-3), -3.0}})
	run(t, intT, floatT, []tc{{int32(16777219), float32(16777220)}})
	run(t, doubleT, floatT, []tc{{1e40, float32(math.Inf(1))}, {0.1, float32(0.1)}, {math.NaN(), float32(math.NaN())}})
	run(t, floatT, doubleT, []tc{{float32(0.1), float64(float32(0.1))}})
}

func TestToDecimal(t *testing.T) {
	// Integral: changePrecision(Decimal(x.toLong), target): exact, NULL when
	// it needs more than precision - scale integer digits.
	run(t, intT, D(5, 2), []tc{{int32(999), dn(99900)}, {int32(1000), nil}, {int32(-999), dn(-99900)}})
	run(t, longT, D(38, 0), []tc{{int64(math.MinInt64), dn(math.MinInt64)}})
	run(t, longT, D(20, 2), []tc{{int64(math.MaxInt64), nil}, {int64(7), dn(700)}})
	run(t, longT, D(21, 2), []tc{{int64(math.MaxInt64), ds("922337203685477580700")}})
	run(t, byteT, D(1, 0), []tc{{int8(9), dn(9)}, {int8(10), nil}})
	// Double: Decimal(d) is the decimal Double.toString prints, then HALF_UP;
	// NaN and Infinity -> NumberFormatException -> NULL.
	run(t, doubleT, D(10, 2), []tc{
		{0.1, dn(10)},
		{1.005, dn(101)}, // Double.toString(1.005) = "1.005" -> 1.01 (the binary value is 1.00499999...)
		{-1.005, dn(-101)},
		{123.456, dn(12346)},
		{math.NaN(), nil}, {math.Inf(1), nil}, {math.Inf(-1), nil},
		{1e10, nil}, // 10000000000.00 needs 13 digits
		{1e-5, dn(0)},
		{-0.0, dn(0)},
	})
	run(t, doubleT, D(10, 5), []tc{{1e-5, dn(1)}, {5e-6, dn(1)}, {4.9e-6, dn(0)}})
	run(t, doubleT, D(38, 0), []tc{{1e37, ds("10000000000000000000000000000000000000")}, {1e38, nil}})
	// Float widens to double first: 0.1f is 0.10000000149011612.
	run(t, floatT, D(12, 10), []tc{{float32(0.1), dn(1000000015)}})
	run(t, floatT, D(10, 8), []tc{{float32(0.1), dn(10000000)}})
	// Decimal -> decimal: toPrecision HALF_UP, NULL on overflow.
	run(t, D(10, 4), D(10, 2), []tc{{dn(123456), dn(1235)}, {dn(-123450), dn(-1235)}, {dn(-123449), dn(-1234)}})
	run(t, D(5, 2), D(5, 1), []tc{{dn(99999), dn(10000)}})
	run(t, D(5, 2), D(4, 1), []tc{{dn(99999), nil}, {dn(12345), dn(1235)}})
	run(t, D(5, 2), D(7, 4), []tc{{dn(12345), dn(1234500)}})
	run(t, D(5, 2), D(6, 4), []tc{{dn(12345), nil}, {dn(-9999), dn(-999900)}})
	run(t, D(38, 10), D(38, 0), []tc{
		{ds("99999999999999999999999999995000000000"), ds("10000000000000000000000000000")},
		{ds("-12345678901234567890123456784999999999"), ds("-1234567890123456789012345678")},
	})
	run(t, D(38, 0), D(38, 2), []tc{{ds("1000000000000000000000000000000000000"), nil}, {dn(5), dn(500)}})
}

func TestFromDecimal(t *testing.T) {
	// Decimal.toLong: truncate toward zero; BigDecimal.longValue keeps the
	// low 64 bits. toInt = toLong.toInt, toByte = toLong.toByte.
	two64 := "18446744073709551616"
	run(t, D(10, 2), longT, []tc{{dn(-1299), int64(-12)}, {dn(1299), int64(12)}})
	run(t, D(38, 0), longT, []tc{
		{ds("18446744073709551621"), int64(5)}, {ds("-18446744073709551621"), int64(-5)},
		{ds("9223372036854775808"), int64(math.MinInt64)},
	})
	run(t, D(38, 2), longT, []tc{{ds(two64 + "99"), int64(0)}, {ds("-99"), int64(0)}})
	run(t, D(38, 0), intT, []tc{{ds("4294967303"), int32(7)}})
	run(t, D(10, 2), intT, []tc{{dn(1234567899), int32(12345678)}})
	run(t, D(10, 0), byteT, []tc{{dn(300), int8(44)}})
	run(t, D(20, 0), shortT, []tc{{ds("65537"), int16(1)}})
	// Decimal.toDouble / toFloat: the nearest double / float.
	near := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }
	near32 := func(s string) float32 { f, _ := strconv.ParseFloat(s, 32); return float32(f) }
	run(t, D(10, 2), doubleT, []tc{{dn(10), 0.1}, {dn(-10), -0.1}, {dn(0), 0.0}})
	run(t, D(38, 0), doubleT, []tc{{ds("99999999999999999999999999999999999999"), 1e38}})
	run(t, D(20, 10), doubleT, []tc{{ds("3333333333"), near("0.3333333333")}})
	run(t, D(38, 38), doubleT, []tc{
		{ds("12345678901234567890123456789012345678"), near("0.12345678901234567890123456789012345678")},
		{dn(1), 1e-38},
	})
	run(t, D(38, 37), doubleT, []tc{{ds("-99999999999999999999999999999999999999"), near("-9.9999999999999999999999999999999999999")}})
	run(t, D(38, 38), floatT, []tc{{dn(1), near32("1e-38")}, {dn(-1), -near32("1e-38")}, {ds("10000000000000000000000000000000000000"), float32(0.1)}})
	run(t, D(19, 0), floatT, []tc{{ds("9223372036854775807"), float32(9.223372e18)}, {dn(16777217), float32(16777216)}})
}

func TestSameTypeIsShared(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	a := kerneltest.Build(mem, longT, []any{int64(1)})
	got, err := Numeric(mem, longT, longT, a, kernels.Legacy)
	if err != nil || got != a {
		t.Fatalf("got %v, %v", got, err)
	}
	got.Release()
	a.Release()
}
