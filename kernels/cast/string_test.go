package cast

import (
	"math"
	"testing"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

var (
	boolT, strT = types.BooleanType, types.StringType
	modes       = []kernels.EvalMode{kernels.Legacy, kernels.ANSI, kernels.Try}
)

func TestBooleanNumeric(t *testing.T) {
	for _, m := range modes {
		runMode(t, boolT, intT, m, []tc{{true, int32(1)}, {false, int32(0)}})
		runMode(t, boolT, byteT, m, []tc{{true, int8(1)}, {false, int8(0)}})
		runMode(t, boolT, doubleT, m, []tc{{true, 1.0}, {false, 0.0}})
		runMode(t, boolT, floatT, m, []tc{{true, float32(1)}})
		runMode(t, boolT, D(5, 2), m, []tc{{true, dn(100)}, {false, dn(0)}})
		runMode(t, boolT, D(38, 37), m, []tc{{true, ds("10000000000000000000000000000000000000")}})
		runMode(t, boolT, D(3, 3), m, []tc{{false, dn(0)}})
		runMode(t, doubleT, boolT, m, []tc{{math.NaN(), true}, {math.Copysign(0, -1), false}, {0.0, false}, {1e-300, true}})
		runMode(t, longT, boolT, m, []tc{{int64(0), false}, {int64(math.MinInt64), true}})
		runMode(t, D(38, 38), boolT, m, []tc{{dn(0), false}, {dn(-1), true}})
	}
	runMode(t, boolT, D(3, 3), kernels.Legacy, []tc{{true, nil}})
	runMode(t, boolT, D(3, 3), kernels.Try, []tc{{true, nil}})
	wantErr(t, boolT, D(3, 3), true, false, "NUMERIC_VALUE_OUT_OF_RANGE", "1")
}

func TestToString(t *testing.T) {
	for _, m := range modes {
		runMode(t, intT, strT, m, []tc{{int32(math.MinInt32), "-2147483648"}, {int32(0), "0"}, {int32(42), "42"}})
		runMode(t, longT, strT, m, []tc{{int64(math.MinInt64), "-9223372036854775808"}})
		runMode(t, byteT, strT, m, []tc{{int8(-128), "-128"}})
		runMode(t, boolT, strT, m, []tc{{true, "true"}, {false, "false"}})
		runMode(t, doubleT, strT, m, []tc{{1e7, "1.0E7"}, {math.NaN(), "NaN"}, {math.Copysign(0, -1), "-0.0"}, {0.001, "0.001"}, {math.Inf(-1), "-Infinity"}})
		runMode(t, floatT, strT, m, []tc{{float32(0.1), "0.1"}, {float32(16777217), "1.6777216E7"}})
		runMode(t, D(10, 2), strT, m, []tc{{dn(-12345), "-123.45"}, {dn(0), "0.00"}, {dn(5), "0.05"}})
	}
	// LEGACY: BigDecimal.toString; ANSI and TRY: toPlainString.
	runMode(t, D(38, 38), strT, kernels.Legacy, []tc{{dn(1), "1E-38"}, {dn(0), "0E-38"}, {dn(-12345), "-1.2345E-34"}})
	runMode(t, D(10, 10), strT, kernels.Legacy, []tc{{dn(0), "0E-10"}, {dn(1234), "1.234E-7"}, {dn(12345), "0.0000012345"}})
	for _, m := range []kernels.EvalMode{kernels.ANSI, kernels.Try} {
		runMode(t, D(38, 38), strT, m, []tc{{dn(1), "0.00000000000000000000000000000000000001"}, {dn(0), "0.00000000000000000000000000000000000000"}})
	}
	runMode(t, D(38, 0), strT, kernels.Legacy, []tc{{ds("-99999999999999999999999999999999999999"), "-99999999999999999999999999999999999999"}})
}

func TestStringToBoolean(t *testing.T) {
	for _, m := range modes {
		runMode(t, strT, boolT, m, []tc{{"t", true}, {" TRUE\t", true}, {"Yes", true}, {"y", true}, {"1", true},
			{"f", false}, {"False", false}, {"NO", false}, {"n", false}, {"0", false}, {"\x7f0\x00", false}, {"\x1ftrue\x1c", true}})
	}
	for _, s := range []string{"", " ", "tr", "truee", "2", "oui", "\u00a0true", "t\u00e9", "yes!"} {
		runMode(t, strT, boolT, kernels.Legacy, []tc{{s, nil}})
		wantErr(t, strT, boolT, s, "true", "CAST_INVALID_INPUT", sqlString(s))
	}
	wantErr(t, strT, boolT, `it's \`, "true", "CAST_INVALID_INPUT", `'it\'s \\'`)
}

func TestStringToIntegral(t *testing.T) {
	for _, m := range modes {
		runMode(t, strT, intT, m, []tc{{"42", int32(42)}, {" -42 ", int32(-42)}, {"+7", int32(7)}, {"\t\n007\r", int32(7)},
			{"2147483647", int32(math.MaxInt32)}, {"-2147483648", int32(math.MinInt32)}, {"-0", int32(0)}, {"\x7f1\x00", int32(1)}})
		runMode(t, strT, longT, m, []tc{{"9223372036854775807", int64(math.MaxInt64)}, {"-9223372036854775808", int64(math.MinInt64)}})
		runMode(t, strT, byteT, m, []tc{{"127", int8(127)}, {"-128", int8(-128)}})
		runMode(t, strT, shortT, m, []tc{{"-32768", int16(-32768)}})
	}
	// LEGACY truncates a decimal part ("." alone is 0); ANSI and TRY do not accept it.
	runMode(t, strT, intT, kernels.Legacy, []tc{{"1.9", int32(1)}, {"-1.9", int32(-1)}, {"1.", int32(1)}, {".", int32(0)},
		{"-.5", int32(0)}, {" 12.34 ", int32(12)}, {"1.2.3", nil}, {"1.a", nil}, {"2147483647.99", int32(math.MaxInt32)}})
	runMode(t, strT, intT, kernels.Try, []tc{{"1.9", nil}, {".", nil}, {"1.", nil}})
	for _, s := range []string{"", " ", "-", "+", "1e3", "0x10", "2147483648", "-2147483649", "1 2", "\u00a01", "١", "1.5", "--1", "+-1"} {
		runMode(t, strT, intT, kernels.Try, []tc{{s, nil}})
		wantErr(t, strT, intT, s, "1", "CAST_INVALID_INPUT", sqlString(s))
	}
	for _, s := range []string{"128", "-129", "1000"} {
		runMode(t, strT, byteT, kernels.Legacy, []tc{{s, nil}})
		wantErr(t, strT, byteT, s, "1", "CAST_INVALID_INPUT", sqlString(s))
	}
	for _, s := range []string{"9223372036854775808", "-9223372036854775809", "99999999999999999999"} {
		runMode(t, strT, longT, kernels.Legacy, []tc{{s, nil}})
		wantErr(t, strT, longT, s, "1", "CAST_INVALID_INPUT", sqlString(s))
	}
	wantErr(t, strT, shortT, "32768", "1", "CAST_INVALID_INPUT", "'32768'")
}

func TestStringToFloating(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, m := range modes {
		runMode(t, strT, doubleT, m, []tc{{"1.5", 1.5}, {" -1.5e3 ", -1500.0}, {"1.", 1.0}, {".5", 0.5}, {"+.5E-1", 0.05},
			{"1d", 1.0}, {"2.5F", 2.5}, {"NaN", nan}, {"-NaN", nan}, {"+Infinity", inf}, {"-Infinity", -inf},
			{"inf", inf}, {"+INF", inf}, {" -infinity ", -inf}, {"nan", nan}, {"NAN", nan}, {"1e400", inf}, {"-1e400", -inf},
			{"1e-400", 0.0}, {"0x1p3", 8.0}, {"0X.8P1d", 1.0}, {"-0x1.8p1", -3.0}, {"4.9e-324", 5e-324}, {"\x00 1 \x1f", 1.0},
			{"0.1", 0.1}, {"9007199254740993", 9007199254740992.0}, {"-0", math.Copysign(0, -1)}, {"00012", 12.0}})
		runMode(t, strT, floatT, m, []tc{{"0.1", float32(0.1)}, {"3.4028236e38", float32(math.Inf(1))}, {"16777217", float32(16777216)},
			{"1e-46", float32(0)}, {"Infinity", float32(inf)}, {"-inf", float32(-inf)}, {"1.5f", float32(1.5)}})
	}
	for _, s := range []string{"", " ", ".", "e5", "1e", "1e+", "1.5x", "1.5ff", "NaNd", "Infinityf", "+nan", "-nan", "infinit",
		"0x1", "0x1.8", "0x", "1_000", "1 000", "\x7f1", "١", "1,5", "--1", "+-1", "1.2.3", "Inf inity", "0x1p", "1e5.5"} {
		runMode(t, strT, doubleT, kernels.Legacy, []tc{{s, nil}})
		runMode(t, strT, doubleT, kernels.Try, []tc{{s, nil}})
		wantErr(t, strT, doubleT, s, "1", "CAST_INVALID_INPUT", sqlString(s))
		wantErr(t, strT, floatT, s, "1", "CAST_INVALID_INPUT", sqlString(s))
	}
}

func TestStringToDecimal(t *testing.T) {
	for _, m := range modes {
		runMode(t, strT, D(10, 2), m, []tc{{"1.005", dn(101)}, {"-1.005", dn(-101)}, {" 12 ", dn(1200)}, {"+.5", dn(50)},
			{"1.", dn(100)}, {"1e2", dn(10000)}, {"1E-2", dn(1)}, {"0.004", dn(0)}, {"-0.005", dn(-1)}, {"12345678.994", dn(1234567899)},
			{"00000000000000000000000000000000000000000001", dn(100)},
			{"١٢", dn(1200)}, {"0.1e1", dn(100)}, {"1e0000000000000000002", dn(10000)}, {"1e-40", dn(0)}})
		runMode(t, strT, D(38, 0), m, []tc{{"99999999999999999999999999999999999999.4", ds("99999999999999999999999999999999999999")}})
		runMode(t, strT, D(38, 38), m, []tc{{"0.000000000000000000000000000000000000005", dn(1)}, {"1e-39", dn(0)}})
		runMode(t, strT, D(1, 0), m, []tc{{"9.4", dn(9)}, {"-9", dn(-9)}})
	}
	// Invalid: NULL, or CAST_INVALID_INPUT in ANSI.
	for _, s := range []string{"", " ", ".", "e5", "1e", "1e+", "abc", "1.5d", "NaN", "Infinity", "1,5", "--1", "0x10", "1e99999999999",
		"1e2147483648", "\u00a01", "\x7f", "1e-2147483648", "\U0001D7CF", "1 2", "1e1.5", "1.2.3"} {
		runMode(t, strT, D(10, 2), kernels.Legacy, []tc{{s, nil}})
		runMode(t, strT, D(10, 2), kernels.Try, []tc{{s, nil}})
		wantErr(t, strT, D(10, 2), s, "1", "CAST_INVALID_INPUT", sqlString(s))
	}
	// Over 38 integral digits: NULL, NUMERIC_OUT_OF_SUPPORTED_RANGE in ANSI.
	for _, s := range []string{"1e38", "123456789012345678901234567890123456789", "0e38", "0e50000"} {
		runMode(t, strT, D(38, 0), kernels.Legacy, []tc{{s, nil}})
		wantErr(t, strT, D(38, 0), s, "1", "NUMERIC_OUT_OF_SUPPORTED_RANGE", s)
	}
	// Overflow of the target: NULL, NUMERIC_VALUE_OUT_OF_RANGE in ANSI.
	wantErr(t, strT, D(10, 2), "123456789", "1", "NUMERIC_VALUE_OUT_OF_RANGE", "123456789")
	wantErr(t, strT, D(10, 2), "99999999.995", "1", "NUMERIC_VALUE_OUT_OF_RANGE", "99999999.995")
	wantErr(t, strT, D(3, 0), " -1e3", "1", "NUMERIC_VALUE_OUT_OF_RANGE", "-1000")
	wantErr(t, strT, D(3, 3), "1.0000", "0.5", "NUMERIC_VALUE_OUT_OF_RANGE", "1.0000")
	runMode(t, strT, D(10, 2), kernels.Legacy, []tc{{"123456789", nil}, {"99999999.995", nil}})
}
