package cast

import (
	"errors"
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
	runMode(t, from, to, kernels.Legacy, cases)
}

// runMode is run in an eval mode.
func runMode(t *testing.T, from, to types.DataType, mode kernels.EvalMode, cases []tc) {
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
			got, err := Cast(mem, from, to, a, mode)
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

// wantErr checks that casting the single value in (and the same value among
// NULLs and valid values that cast fine) raises class with message value in
// ANSI mode, and gives NULL in TRY mode. ok is a value that casts fine.
func wantErr(t *testing.T, from, to types.DataType, in, ok any, class, value string) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	arr := kerneltest.Build(mem, from, []any{ok, nil, in, ok})
	defer arr.Release()
	_, err := Cast(mem, from, to, arr, kernels.ANSI)
	var ke *kernels.Error
	if !errors.As(err, &ke) {
		t.Fatalf("cast(%v as %s) ANSI: got %v, want %s", in, to, err, class)
	}
	key := "value"
	if class == "CAST_INVALID_INPUT" {
		key = "expression"
	}
	if ke.Class != class || ke.Params[key] != value {
		t.Fatalf("cast(%v as %s) ANSI: got %s %q, want %s %q", in, to, ke.Class, ke.Params[key], class, value)
	}
	got, err := Cast(mem, from, to, arr, kernels.Try)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Release()
	if !got.IsNull(1) || !got.IsNull(2) || got.IsNull(0) || got.IsNull(3) {
		t.Fatalf("cast(%v as %s) TRY: nulls %v", in, to, got)
	}
	// A NULL row holding the same bits does not raise.
	nul := kerneltest.Build(mem, from, []any{ok, nil})
	defer nul.Release()
	res, err := Cast(mem, from, to, nul, kernels.ANSI)
	if err != nil {
		t.Fatal(err)
	}
	res.Release()
}

func TestAnsiIntegralNarrowing(t *testing.T) {
	for _, m := range []kernels.EvalMode{kernels.ANSI, kernels.Try} {
		runMode(t, intT, byteT, m, []tc{{int32(127), int8(127)}, {int32(-128), int8(-128)}})
		runMode(t, longT, intT, m, []tc{{int64(math.MinInt32), int32(math.MinInt32)}})
		runMode(t, byteT, longT, m, []tc{{int8(-128), int64(-128)}})
	}
	wantErr(t, intT, byteT, int32(128), int32(1), "CAST_OVERFLOW", "128")
	wantErr(t, shortT, byteT, int16(-129), int16(1), "CAST_OVERFLOW", "-129S")
	wantErr(t, longT, intT, int64(3000000000), int64(1), "CAST_OVERFLOW", "3000000000L")
	wantErr(t, longT, shortT, int64(1<<40), int64(1), "CAST_OVERFLOW", "1099511627776L")
	wantErr(t, intT, shortT, int32(40000), int32(1), "CAST_OVERFLOW", "40000")
}

func TestAnsiFloatingToIntegral(t *testing.T) {
	for _, m := range []kernels.EvalMode{kernels.ANSI, kernels.Try} {
		runMode(t, doubleT, intT, m, []tc{{2147483647.9, int32(math.MaxInt32)}, {-2147483648.9, int32(math.MinInt32)}, {-0.5, int32(0)}})
		// 2^63 passes `floor(x) <= Long.MaxValue` (the long widens to 2^63) and saturates.
		runMode(t, doubleT, longT, m, []tc{{9223372036854775807.0, int64(math.MaxInt64)}, {-9.223372036854775808e18, int64(math.MinInt64)}})
		runMode(t, floatT, byteT, m, []tc{{float32(127.9), int8(127)}, {float32(-128.9), int8(-128)}})
		runMode(t, doubleT, shortT, m, []tc{{32767.99, int16(32767)}})
	}
	wantErr(t, doubleT, intT, 1e10, 1.0, "CAST_OVERFLOW", "1.0E10D")
	wantErr(t, doubleT, intT, math.NaN(), 1.0, "CAST_OVERFLOW", "NaN")
	wantErr(t, doubleT, longT, math.Inf(-1), 1.0, "CAST_OVERFLOW", "-Infinity")
	wantErr(t, doubleT, longT, 1.8446744073709552e19, 1.0, "CAST_OVERFLOW", "1.8446744073709552E19D")
	wantErr(t, floatT, byteT, float32(128), float32(1), "CAST_OVERFLOW", "128.0")
	wantErr(t, floatT, intT, float32(math.NaN()), float32(1), "CAST_OVERFLOW", "NaN")
	wantErr(t, doubleT, shortT, -32769.0, 1.0, "CAST_OVERFLOW", "-32769.0D")
	wantErr(t, doubleT, byteT, math.Inf(1), 1.0, "CAST_OVERFLOW", "Infinity")
}

func TestAnsiDecimal(t *testing.T) {
	for _, m := range []kernels.EvalMode{kernels.ANSI, kernels.Try} {
		runMode(t, D(10, 2), intT, m, []tc{{dn(214748364799), int32(math.MaxInt32)}, {dn(-214748364899), int32(math.MinInt32)}})
		runMode(t, D(38, 0), longT, m, []tc{{ds("-9223372036854775808"), int64(math.MinInt64)}, {ds("9223372036854775807"), int64(math.MaxInt64)}})
		runMode(t, D(38, 10), longT, m, []tc{{ds("92233720368547758079999999999"), int64(math.MaxInt64)}})
		runMode(t, D(5, 2), D(5, 1), m, []tc{{dn(12345), dn(1235)}})
		runMode(t, doubleT, D(5, 2), m, []tc{{math.NaN(), nil}, {math.Inf(1), nil}, {1.005, dn(101)}})
		runMode(t, intT, D(5, 2), m, []tc{{int32(999), dn(99900)}})
	}
	// Expanded decimals go to int/short/byte through their double.
	wantErr(t, D(38, 10), intT, ds("21474836479999999999"), ds("1"), "CAST_OVERFLOW", "2147483647.9999999999BD")
	runMode(t, D(38, 10), intT, kernels.ANSI, []tc{{ds("21474836479999990000"), int32(math.MaxInt32)}})
	wantErr(t, D(10, 2), intT, dn(214748364800), dn(1), "CAST_OVERFLOW", "2147483648.00BD")
	wantErr(t, D(3, 0), byteT, dn(128), dn(1), "CAST_OVERFLOW", "128BD")
	wantErr(t, D(38, 0), longT, ds("9223372036854775808"), dn(1), "CAST_OVERFLOW", "9223372036854775808BD")
	// -0.999...9 (38 nines) is the double -1.0: roundToByte gives -1 (legacy truncation gives 0).
	runMode(t, D(38, 38), byteT, kernels.ANSI, []tc{{ds("-99999999999999999999999999999999999999"), int8(-1)}})
	wantErr(t, D(38, 0), byteT, dn(128), dn(1), "CAST_OVERFLOW", "128BD")
	wantErr(t, D(38, 0), shortT, ds("99999999999999999999999999999999999999"), dn(1), "CAST_OVERFLOW", "99999999999999999999999999999999999999BD")
	wantErr(t, intT, D(5, 2), int32(1000), int32(1), "NUMERIC_VALUE_OUT_OF_RANGE", "1000")
	wantErr(t, longT, D(3, 0), int64(-1000), int64(1), "NUMERIC_VALUE_OUT_OF_RANGE", "-1000")
	wantErr(t, doubleT, D(10, 2), 1e10, 1.0, "NUMERIC_VALUE_OUT_OF_RANGE", "10000000000")
	wantErr(t, doubleT, D(3, 2), 12.0, 1.0, "NUMERIC_VALUE_OUT_OF_RANGE", "12.0")
	wantErr(t, doubleT, D(3, 2), 1.5e-5+10, 1.0, "NUMERIC_VALUE_OUT_OF_RANGE", "10.000015")
	wantErr(t, floatT, D(3, 2), float32(0.1)+10, float32(1), "NUMERIC_VALUE_OUT_OF_RANGE", "10.100000381469727")
	wantErr(t, D(5, 2), D(4, 2), dn(-12345), dn(1), "NUMERIC_VALUE_OUT_OF_RANGE", "-123.45")
	wantErr(t, D(38, 10), D(38, 38), dn(10000000000), dn(1), "NUMERIC_VALUE_OUT_OF_RANGE", "1.0000000000")
}

func TestJavaFormats(t *testing.T) {
	for _, c := range []struct {
		v    float64
		bits int
		want string
	}{
		{1, 64, "1.0"}, {math.Copysign(0, -1), 64, "-0.0"}, {0.001, 64, "0.001"}, {0.0001, 64, "1.0E-4"}, {1e7, 64, "1.0E7"},
		{9999999, 64, "9999999.0"}, {123.456, 64, "123.456"}, {5e-324, 64, "4.9E-324"}, {1e23, 64, "1.0E23"},
		{1.7976931348623157e308, 64, "1.7976931348623157E308"}, {2.2250738585072014e-308, 64, "2.2250738585072014E-308"},
		{0.1, 64, "0.1"}, {-1.5, 64, "-1.5"}, {9007199254740993, 64, "9.007199254740992E15"},
		{float64(float32(0.1)), 32, "0.1"}, {float64(float32(3.4028234663852886e38)), 32, "3.4028235E38"},
		{float64(float32(1.401298464324817e-45)), 32, "1.4E-45"}, {float64(float32(16777217)), 32, "1.6777216E7"},
		{float64(float32(1.1754943508222875e-38)), 32, "1.1754944E-38"},
	} {
		if got := string(appendJavaDouble(nil, c.v, c.bits)); got != c.want {
			t.Errorf("%v/%d: got %s, want %s", c.v, c.bits, got, c.want)
		}
	}
	for _, c := range []struct {
		n     string
		scale int32
		plain string
		java  string
	}{
		{"0", 10, "0.0000000000", "0E-10"}, {"1", 38, "0.00000000000000000000000000000000000001", "1E-38"},
		{"12345", 10, "0.0000012345", "0.0000012345"}, {"-12345", 11, "-0.00000012345", "-1.2345E-7"},
		{"-99999999999999999999999999999999999999", 0, "-99999999999999999999999999999999999999", "-99999999999999999999999999999999999999"},
		{"123", 0, "123", "123"}, {"-5", 1, "-0.5", "-0.5"}, {"0", 0, "0", "0"}, {"0", 6, "0.000000", "0.000000"},
		{"10000000000000000000", 19, "1.0000000000000000000", "1.0000000000000000000"},
	} {
		n := ds(c.n)
		if got := string(appendDecimalPlain(nil, n, c.scale)); got != c.plain {
			t.Errorf("plain %s/%d: got %s, want %s", c.n, c.scale, got, c.plain)
		}
		if got := string(appendDecimalJava(nil, n, c.scale)); got != c.java {
			t.Errorf("java %s/%d: got %s, want %s", c.n, c.scale, got, c.java)
		}
	}
}
