package cmp

import (
	"math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// pair is one comparison case: sign is the sign of Spark's ordering of a and b
// (-1, 0, 1), written down from the rule cited next to the case.
type pair struct {
	a, b any
	sign int
}

var allOps = []Op{Eq, NullSafeEq, Lt, Le, Gt, Ge}

// expect derives op's answer from the ordering sign; NULL operands give NULL,
// except <=> (EqualNullSafe: null <=> null is true, null <=> x false).
func expect(op Op, a, b any, sign int) any {
	if a == nil || b == nil {
		if op == NullSafeEq {
			return a == nil && b == nil
		}
		return nil
	}
	switch op {
	case Eq, NullSafeEq:
		return sign == 0
	case Lt:
		return sign < 0
	case Le:
		return sign <= 0
	case Gt:
		return sign > 0
	}
	return sign >= 0
}

func runPairs(t *testing.T, typ types.DataType, pairs []pair) {
	t.Helper()
	// Add NULL rows on either side.
	pairs = append(pairs, pair{nil, pairs[0].b, 0}, pair{pairs[0].a, nil, 0}, pair{nil, nil, 0})
	n := 8192 + 37
	var as, bs []any
	var signs []int
	for i := 0; i < n; i++ {
		p := pairs[i%len(pairs)]
		as, bs, signs = append(as, p.a), append(bs, p.b), append(signs, p.sign)
	}
	for _, nulls := range []bool{true, false} {
		la, lb, ls := as, bs, signs
		if !nulls {
			la, lb, ls = nil, nil, nil
			for i := range as {
				if as[i] != nil && bs[i] != nil {
					la, lb, ls = append(la, as[i]), append(lb, bs[i]), append(ls, signs[i])
				}
			}
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		left := kerneltest.Build(mem, typ, la)
		right := kerneltest.Build(mem, typ, lb)
		for _, op := range allOps {
			kerneltest.SlicedShort(len(la), 120, func(start, end int) {
				l, r := kerneltest.Slice(left, start, end), kerneltest.Slice(right, start, end)
				defer l.Release()
				defer r.Release()
				got, err := Compare(mem, op, typ, l, r)
				if err != nil {
					t.Fatal(err)
				}
				defer got.Release()
				want := make([]any, end-start)
				for i := range want {
					want[i] = expect(op, la[start+i], lb[start+i], ls[start+i])
				}
				kerneltest.Check(t, got, want)
			})
		}
		left.Release()
		right.Release()
		mem.AssertSize(t, 0)
	}
	// Scalar right side: each case's b as the scalar against a column of
	// its a (and NULL rows).
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, p := range pairs {
		col := kerneltest.Cycle([]any{p.a, nil, p.a}, 8192+5)
		left := kerneltest.Build(mem, typ, col)
		for _, op := range allOps {
			kerneltest.SlicedShort(len(col), 20, func(start, end int) {
				l := kerneltest.Slice(left, start, end)
				defer l.Release()
				got, err := CompareScalar(mem, op, typ, l, p.b)
				if err != nil {
					t.Fatal(err)
				}
				defer got.Release()
				want := make([]any, end-start)
				for i := range want {
					want[i] = expect(op, col[start+i], p.b, p.sign)
				}
				kerneltest.Check(t, got, want)
			})
			// scalar op array == array op.Flip() scalar
			got, err := CompareScalar(mem, op.Flip(), typ, left, p.b)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 3; i++ {
				if w := expect(op, p.b, col[i], -p.sign); !kerneltest.Equal(kerneltest.Get(got, i), w) {
					t.Fatalf("%v %s %v: got %v want %v", p.b, op, col[i], kerneltest.Get(got, i), w)
				}
			}
			got.Release()
		}
		left.Release()
	}
}

func TestIntegral(t *testing.T) {
	// Java primitive comparison (predicates.scala BinaryComparison codegen `a < b`).
	runPairs(t, types.ByteType, []pair{{int8(-128), int8(127), -1}, {int8(127), int8(-128), 1}, {int8(0), int8(0), 0}, {int8(-1), int8(0), -1}})
	runPairs(t, types.ShortType, []pair{{int16(math.MinInt16), int16(math.MaxInt16), -1}, {int16(5), int16(5), 0}, {int16(7), int16(-7), 1}})
	runPairs(t, types.IntType, []pair{{int32(math.MinInt32), int32(math.MaxInt32), -1}, {int32(0), int32(0), 0}, {int32(3), int32(2), 1}})
	runPairs(t, types.LongType, []pair{{int64(math.MinInt64), int64(math.MaxInt64), -1}, {int64(math.MaxInt64), int64(math.MaxInt64), 0}, {int64(1), int64(-1), 1}})
	runPairs(t, types.DateType, []pair{{int32(-719162), int32(2932896), -1}, {int32(19000), int32(19000), 0}, {int32(1), int32(0), 1}})
	runPairs(t, types.TimestampType, []pair{{int64(-1), int64(0), -1}, {int64(1700000000000000), int64(1700000000000000), 0}, {int64(math.MaxInt64), int64(math.MinInt64), 1}})
	runPairs(t, types.TimestampNTZType, []pair{{int64(-1), int64(0), -1}, {int64(5), int64(5), 0}, {int64(6), int64(5), 1}})
}

func TestFloating(t *testing.T) {
	// SQLOrderingUtil.compareDoubles/compareFloats: NaN = NaN, NaN > +Inf,
	// -0.0 = 0.0 (x == y short-circuits before Double.compare).
	nan, inf := math.NaN(), math.Inf(1)
	runPairs(t, types.DoubleType, []pair{
		{nan, nan, 0}, {nan, inf, 1}, {inf, nan, -1}, {nan, 0.0, 1}, {-inf, nan, -1},
		{math.Copysign(0, -1), 0.0, 0}, {0.0, math.Copysign(0, -1), 0},
		{-inf, -math.MaxFloat64, -1}, {math.MaxFloat64, inf, -1}, {1.5, 1.25, 1},
		{math.SmallestNonzeroFloat64, 0.0, 1},
	})
	nan32, inf32 := float32(math.NaN()), float32(math.Inf(1))
	runPairs(t, types.FloatType, []pair{
		{nan32, nan32, 0}, {nan32, inf32, 1}, {inf32, nan32, -1}, {float32(math.Copysign(0, -1)), float32(0), 0},
		{-inf32, float32(-math.MaxFloat32), -1}, {float32(2.5), float32(2.5), 0}, {float32(1), float32(2), -1},
	})
}

func TestDecimal(t *testing.T) {
	// Decimal.compare: same type on both sides, so by unscaled value.
	max38 := kerneltest.DecStr("99999999999999999999999999999999999999")
	min38 := kerneltest.DecStr("-99999999999999999999999999999999999999")
	d382 := types.DecimalType(38, 2)
	runPairs(t, d382, []pair{
		{max38, min38, 1}, {min38, max38, -1}, {max38, max38, 0},
		{kerneltest.Dec(-1), kerneltest.Dec(1), -1}, {kerneltest.Dec(0), kerneltest.Dec(0), 0},
		// differ only in the low word / only in the high word
		{kerneltest.DecStr("18446744073709551616"), kerneltest.DecStr("18446744073709551615"), 1},
		{kerneltest.DecStr("-18446744073709551616"), kerneltest.DecStr("-18446744073709551615"), -1},
	})
	runPairs(t, types.DecimalType(15, 2), []pair{
		{kerneltest.Dec(-999999999999999), kerneltest.Dec(999999999999999), -1}, {kerneltest.Dec(12345), kerneltest.Dec(12345), 0},
	})
}

func TestBytes(t *testing.T) {
	// UTF8String.compareTo and ByteArray.compareBinary: unsigned bytes,
	// then length.
	runPairs(t, types.StringType, []pair{
		{"a", "b", -1}, {"", "a", -1}, {"", "", 0}, {"ab", "a", 1},
		{"é", "z", 1}, // 0xC3 > 0x7A unsigned
		{"spark", "spark", 0}, {"Z", "a", -1},
	})
	runPairs(t, types.BinaryType, []pair{
		{[]byte{0xff}, []byte{0x00}, 1}, {[]byte{1, 2}, []byte{1}, 1}, {[]byte{}, []byte{}, 0},
		{[]byte{0x7f}, []byte{0x80}, -1},
	})
}

func TestBoolean(t *testing.T) {
	// genComp for BooleanType: false < true.
	runPairs(t, types.BooleanType, []pair{
		{false, true, -1}, {true, false, 1}, {true, true, 0}, {false, false, 0},
	})
}

func TestNullScalar(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	col := []any{int64(1), nil, int64(3)}
	a := kerneltest.Build(mem, types.LongType, col)
	defer a.Release()
	for _, op := range allOps {
		got, err := CompareScalar(mem, op, types.LongType, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := []any{nil, nil, nil}
		if op == NullSafeEq {
			want = []any{false, true, false}
		}
		kerneltest.Check(t, got, want)
		got.Release()
	}
}
