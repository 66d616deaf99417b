package math

import (
	"bufio"
	"compress/gzip"
	gomath "math"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// TestRoundFloatingSpark checks round and bround of doubles and floats against
// answers Spark 3.5.9 gave (testdata/round_spark.txt.gz, written by
// testdata/gen_round_spark.py over 250 doubles: ties, short decimals, random bit patterns, limits;
// scales -310..330). Spark ran on Java 17, whose Double.toString is not always
// the shortest decimal Go prints; none of these cases depends on that (the
// serde still declines floating round before Java 19, where it could).
func TestRoundFloatingSpark(t *testing.T) {
	f, err := os.Open("testdata/round_spark.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	buf := make([]byte, 0, 32)
	n, bad := 0, 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Fields(line)
		in, _ := strconv.ParseUint(p[1], 16, 64)
		scale, _ := strconv.Atoi(p[2])
		want, _ := strconv.ParseUint(p[3], 16, 64)
		rm := halfUp
		if strings.HasPrefix(p[0], "b") {
			rm = halfEven
		}
		var got uint64
		if strings.HasSuffix(p[0], "64") {
			got = gomath.Float64bits(roundFloat64(gomath.Float64frombits(in), int32(scale), rm, 64, &buf))
		} else {
			got = uint64(gomath.Float32bits(float32(roundFloat64(float64(gomath.Float32frombits(uint32(in))), int32(scale), rm, 32, &buf))))
		}
		n++
		if got != want {
			bad++
			if bad < 20 {
				t.Errorf("%s(%v, %d) = %x, Spark %x", p[0], p[1], scale, got, want)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d cases read", n)
	}
	if bad > 0 {
		t.Errorf("%d of %d differ", bad, n)
	}
}

type roundFn func(mem memory.Allocator, a arrow.Array) (arrow.Array, error)

// runRound checks every case over sliced batches, with NULL rows and without.
func runRound(t *testing.T, in types.DataType, f roundFn, cases []unaryCase) {
	t.Helper()
	for _, nulls := range []bool{false, true} {
		var ins, wants []any
		for i := 0; i < 300; i++ {
			c := cases[i%len(cases)]
			if nulls && i%5 == 2 {
				c = unaryCase{nil, nil}
			}
			ins, wants = append(ins, c.in), append(wants, c.want)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		arr := kerneltest.Build(mem, in, ins)
		kerneltest.SlicedShort(len(ins), 40, func(start, end int) {
			s := kerneltest.Slice(arr, start, end)
			defer s.Release()
			got, err := f(mem, s)
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

type roundKernel func(memory.Allocator, types.DataType, types.DataType, arrow.Array, int32, kernels.EvalMode) (arrow.Array, error)

func withScale(k roundKernel, in, out types.DataType, scale int32) roundFn {
	return func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
		return k(mem, in, out, a, scale, kernels.Legacy)
	}
}

// The expected values follow java.math.BigDecimal.setScale and Spark's
// RoundBase.dataType, worked out by hand.
func TestRoundDecimal(t *testing.T) {
	d := kerneltest.DecStr
	dec := types.DecimalType
	nines38 := strings.Repeat("9", 38)
	runRound(t, dec(5, 2), withScale(Round, dec(5, 2), dec(5, 1), 1), []unaryCase{
		{d("125"), d("13")}, {d("-125"), d("-13")}, {d("124"), d("12")}, {d("99999"), d("10000")},
		{d("-99995"), d("-10000")}, {d("5"), d("1")}, {d("-4"), d("0")}, {d("0"), d("0")}})
	runRound(t, dec(5, 2), withScale(BRound, dec(5, 2), dec(5, 1), 1), []unaryCase{
		{d("125"), d("12")}, {d("135"), d("14")}, {d("-125"), d("-12")}, {d("99995"), d("10000")},
		{d("5"), d("0")}, {d("15"), d("2")}, {d("-126"), d("-13")}})
	runRound(t, dec(5, 2), withScale(Round, dec(5, 2), dec(4, 0), -1), []unaryCase{
		{d("99999"), d("1000")}, {d("1500"), d("20")}, {d("1499"), d("10")}, {d("-1500"), d("-20")},
		{d("499"), d("0")}, {d("500"), d("10")}, {d("-99999"), d("-1000")}})
	runRound(t, dec(5, 2), withScale(BRound, dec(5, 2), dec(4, 0), -1), []unaryCase{
		{d("1500"), d("20")}, {d("2500"), d("20")}, {d("2501"), d("30")}, {d("-2500"), d("-20")}, {d("-3500"), d("-40")}})
	runRound(t, dec(5, 2), withScale(Round, dec(5, 2), dec(6, 2), 3), []unaryCase{
		{d("12345"), d("12345")}, {d("-1"), d("-1")}})
	runRound(t, dec(38, 10), withScale(Round, dec(38, 10), dec(31, 2), 2), []unaryCase{
		{d(nines38[:38]), d("1" + strings.Repeat("0", 30))}, {d("-" + nines38), d("-1" + strings.Repeat("0", 30))},
		{d("12345678"), d("0")}, {d("50000000"), d("1")}, {d("-49999999"), d("0")}})
	runRound(t, dec(38, 10), withScale(BRound, dec(38, 10), dec(31, 2), 2), []unaryCase{
		{d("50000000"), d("0")}, {d("150000000"), d("2")}, {d("150000001"), d("2")}, {d("-250000000"), d("-2")},
		{d("-250000001"), d("-3")}})
	runRound(t, dec(38, 38), withScale(Round, dec(38, 38), dec(1, 0), 0), []unaryCase{
		{d("5" + strings.Repeat("0", 37)), d("1")}, {d("4" + nines38[:37]), d("0")}, {d("-5" + strings.Repeat("0", 37)), d("-1")}})
	runRound(t, dec(38, 38), withScale(BRound, dec(38, 38), dec(1, 0), 0), []unaryCase{
		{d("5" + strings.Repeat("0", 37)), d("0")}, {d("5" + strings.Repeat("0", 36) + "1"), d("1")}})
	runRound(t, dec(38, 38), withScale(Round, dec(38, 38), dec(38, 37), 37), []unaryCase{
		{d(nines38), d("1" + strings.Repeat("0", 37))}, {d("-" + nines38), d("-1" + strings.Repeat("0", 37))},
		{d("1"), d("0")}, {d("5"), d("1")}})
	runRound(t, dec(38, 0), withScale(Round, dec(38, 0), dec(38, 0), -1), []unaryCase{
		{d("12345"), d("12350")}, {d("-12345"), d("-12350")}, {d("9" + strings.Repeat("0", 37)), d("9" + strings.Repeat("0", 37))}})
	runRound(t, dec(10, 0), withScale(Round, dec(10, 0), dec(38, 0), -40), []unaryCase{
		{d("9999999999"), d("0")}, {d("-1"), d("0")}})
	runRound(t, dec(5, 2), withScale(RoundCeil, dec(5, 2), dec(5, 1), 1), []unaryCase{
		{d("121"), d("13")}, {d("-129"), d("-12")}, {d("120"), d("12")}, {d("99991"), d("10000")}})
	runRound(t, dec(5, 2), withScale(RoundFloor, dec(5, 2), dec(5, 1), 1), []unaryCase{
		{d("129"), d("12")}, {d("-121"), d("-13")}, {d("-120"), d("-12")}, {d("-99991"), d("-10000")}})
	runRound(t, dec(5, 2), withScale(RoundCeil, dec(5, 2), dec(4, 0), -2), []unaryCase{
		{d("100"), d("100")}, {d("-15000"), d("-100")}, {d("0"), d("0")}, {d("99999"), d("1000")}})
	runRound(t, dec(5, 2), withScale(RoundFloor, dec(5, 2), dec(4, 0), -2), []unaryCase{
		{d("100"), d("0")}, {d("-100"), d("-100")}, {d("-99999"), d("-1000")}})

	// negative scales that need more than 38 digits raise, as Decimal.set does
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, x := range []struct {
		k     roundKernel
		in    types.DataType
		v     string
		scale int32
	}{{Round, dec(38, 0), nines38, -1}, {RoundCeil, dec(5, 2), "1", -40}, {RoundFloor, dec(5, 2), "-1", -38}, {Round, dec(38, 0), "5" + nines38[:37], -38}} {
		arr := kerneltest.Build(mem, x.in, []any{d("0"), d(x.v)})
		got, err := x.k(mem, x.in, dec(38, 0), arr, x.scale, kernels.Legacy)
		if err == nil {
			got.Release()
			t.Errorf("%s at scale %d: want DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION", x.v, x.scale)
		} else if ke, ok := err.(*kernels.Error); !ok || ke.Class != "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION" {
			t.Errorf("%s at scale %d: %v", x.v, x.scale, err)
		}
		// the same value in a NULL row does not raise
		nul := kerneltest.Build(mem, x.in, []any{d("0"), nil})
		if got, err := x.k(mem, x.in, dec(38, 0), nul, x.scale, kernels.Legacy); err != nil {
			t.Error(err)
		} else {
			got.Release()
		}
		nul.Release()
		arr.Release()
	}
}

func TestRoundIntegral(t *testing.T) {
	i32, i64, i8, i16 := types.IntType, types.LongType, types.ByteType, types.ShortType
	runRound(t, i32, withScale(Round, i32, i32, -1), []unaryCase{
		{int32(15), int32(20)}, {int32(14), int32(10)}, {int32(-15), int32(-20)}, {int32(gomath.MaxInt32), int32(-2147483646)},
		{int32(gomath.MinInt32), int32(2147483646)}, {int32(0), int32(0)}})
	runRound(t, i32, withScale(BRound, i32, i32, -1), []unaryCase{
		{int32(25), int32(20)}, {int32(35), int32(40)}, {int32(-25), int32(-20)}, {int32(26), int32(30)}})
	runRound(t, i32, withScale(Round, i32, i32, -9), []unaryCase{
		{int32(gomath.MaxInt32), int32(2000000000)}, {int32(1500000000), int32(2000000000)}, {int32(-1499999999), int32(-1000000000)}})
	runRound(t, i32, withScale(Round, i32, i32, -10), []unaryCase{{int32(gomath.MaxInt32), int32(0)}, {int32(gomath.MinInt32), int32(0)}})
	runRound(t, i32, withScale(Round, i32, i32, 2), []unaryCase{{int32(gomath.MaxInt32), int32(gomath.MaxInt32)}, {int32(-7), int32(-7)}})
	runRound(t, i64, withScale(Round, i64, i64, -19), []unaryCase{
		{int64(gomath.MaxInt64), int64(-8446744073709551616)}, {int64(gomath.MinInt64), int64(8446744073709551616)},
		{int64(4999999999999999999), int64(0)}})
	runRound(t, i64, withScale(Round, i64, i64, -1), []unaryCase{
		{int64(gomath.MaxInt64), int64(-9223372036854775806)}, {int64(-35), int64(-40)}})
	runRound(t, i64, withScale(BRound, i64, i64, -20), []unaryCase{{int64(gomath.MaxInt64), int64(0)}})
	runRound(t, i8, withScale(Round, i8, i8, -1), []unaryCase{{int8(127), int8(-126)}, {int8(-128), int8(126)}, {int8(-5), int8(-10)}})
	runRound(t, i8, withScale(Round, i8, i8, -3), []unaryCase{{int8(127), int8(0)}})
	runRound(t, i16, withScale(BRound, i16, i16, -2), []unaryCase{{int16(32767), int16(-32736)}, {int16(250), int16(200)}, {int16(-350), int16(-400)}})
}

func TestFloorCeil(t *testing.T) {
	d := kerneltest.DecStr
	dec := types.DecimalType
	fc := func(k func(memory.Allocator, types.DataType, types.DataType, arrow.Array) (arrow.Array, error), in, out types.DataType) roundFn {
		return func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) { return k(mem, in, out, a) }
	}
	runRound(t, dec(5, 2), fc(Floor, dec(5, 2), dec(4, 0)), []unaryCase{
		{d("150"), d("1")}, {d("-150"), d("-2")}, {d("99999"), d("999")}, {d("-99999"), d("-1000")}, {d("-1"), d("-1")}, {d("0"), d("0")}})
	runRound(t, dec(5, 2), fc(Ceil, dec(5, 2), dec(4, 0)), []unaryCase{
		{d("101"), d("2")}, {d("-199"), d("-1")}, {d("99901"), d("1000")}, {d("1"), d("1")}, {d("-1"), d("0")}})
	runRound(t, dec(38, 38), fc(Floor, dec(38, 38), dec(1, 0)), []unaryCase{{d("1"), d("0")}, {d("-1"), d("-1")}})
	runRound(t, dec(38, 38), fc(Ceil, dec(38, 38), dec(1, 0)), []unaryCase{{d("1"), d("1")}, {d("-9"), d("0")}})
	runRound(t, dec(10, 0), fc(Floor, dec(10, 0), dec(10, 0)), []unaryCase{{d("-9999999999"), d("-9999999999")}})
	runRound(t, types.DoubleType, fc(Floor, types.DoubleType, types.LongType), []unaryCase{
		{1.5, int64(1)}, {-1.5, int64(-2)}, {gomath.NaN(), int64(0)}, {gomath.Inf(1), int64(gomath.MaxInt64)},
		{gomath.Inf(-1), int64(gomath.MinInt64)}, {1e19, int64(gomath.MaxInt64)}, {-1e19, int64(gomath.MinInt64)},
		{gomath.Copysign(0, -1), int64(0)}, {9.2e18, int64(9200000000000000000)}, {-5e-324, int64(-1)}})
	runRound(t, types.DoubleType, fc(Ceil, types.DoubleType, types.LongType), []unaryCase{
		{-0.5, int64(0)}, {1.0000001, int64(2)}, {gomath.NaN(), int64(0)}, {5e-324, int64(1)}, {9223372036854775807.0, int64(gomath.MaxInt64)}})
	runRound(t, types.LongType, fc(Ceil, types.LongType, types.LongType), []unaryCase{{int64(gomath.MinInt64), int64(gomath.MinInt64)}})
}

func TestRoundIntegralANSI(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	i32, i64, i8 := types.IntType, types.LongType, types.ByteType
	ansi := func(k roundKernel, in types.DataType, scale int32) roundFn {
		return func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
			return k(mem, in, in, a, scale, kernels.ANSI)
		}
	}
	// values that fit round as in LEGACY mode
	runRound(t, i32, ansi(Round, i32, -1), []unaryCase{{int32(15), int32(20)}, {int32(-2147483644), int32(-2147483640)}, {int32(2147483644), int32(2147483640)}})
	runRound(t, i64, ansi(BRound, i64, -19), []unaryCase{{int64(4999999999999999999), int64(0)}, {int64(-5000000000000000000), int64(0)}})
	runRound(t, i8, ansi(Round, i8, -2), []unaryCase{{int8(-128), int8(-100)}, {int8(127), int8(100)}})
	for _, c := range []struct {
		k     roundKernel
		in    types.DataType
		v     any
		scale int32
	}{{Round, i32, int32(gomath.MaxInt32), -1}, {Round, i32, int32(gomath.MinInt32), -1}, {Round, i64, int64(gomath.MaxInt64), -19},
		{Round, i8, int8(127), -1}, {BRound, i8, int8(-128), -1}, {Round, types.ShortType, int16(32767), -1}, {Round, types.ShortType, int16(-32768), -1}} {
		arr := kerneltest.Build(mem, c.in, []any{c.v})
		got, err := c.k(mem, c.in, c.in, arr, c.scale, kernels.ANSI)
		if ke, ok := err.(*kernels.Error); !ok || ke.Class != "ARITHMETIC_OVERFLOW" || ke.Params["message"] != "Overflow" {
			t.Errorf("round(%v, %d) in ANSI mode: %v", c.v, c.scale, err)
		}
		if got != nil {
			got.Release()
		}
		arr.Release()
		nul := kerneltest.Build(mem, c.in, []any{nil})
		if got, err := c.k(mem, c.in, c.in, nul, c.scale, kernels.ANSI); err != nil {
			t.Error(err)
		} else {
			got.Release()
		}
		nul.Release()
	}
}

// The fast path agrees with the digit-string path wherever it answers.
func TestRoundFloat64FastAgrees(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	buf := make([]byte, 0, 32)
	fast := 0
	for i := 0; i < 300000; i++ {
		var x float64
		switch i % 4 {
		case 0:
			x = r.NormFloat64() * gomath.Pow(10, float64(r.Intn(30)-10))
		case 1:
			x = float64(r.Int63n(2000000)-1000000) / gomath.Pow(10, float64(r.Intn(8)))
		case 2:
			x = gomath.Float64frombits(r.Uint64())
		default:
			x = (float64(r.Intn(100000)) + 0.5) / gomath.Pow(10, float64(r.Intn(6)))
		}
		if gomath.IsNaN(x) || gomath.IsInf(x, 0) || x == 0 {
			continue
		}
		scale := int32(r.Intn(17))
		bits := 64
		if i%3 == 0 {
			bits, x = 32, float64(float32(x))
			if gomath.IsInf(x, 0) || x == 0 {
				continue
			}
		}
		got, ok := roundFloat64Fast(x, scale, bits)
		if !ok {
			continue
		}
		fast++
		for _, rm := range []roundMode{halfUp, halfEven} {
			want := roundFloat64Digits(x, scale, rm, bits, &buf)
			if gomath.Float64bits(got) != gomath.Float64bits(want) {
				t.Fatalf("round(%v, %d) mode %d bits %d: fast %v, digits %v", x, scale, rm, bits, got, want)
			}
		}
	}
	if fast < 100000 {
		t.Errorf("fast path taken only %d times", fast)
	}
}
