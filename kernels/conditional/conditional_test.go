package conditional

import (
	gomath "math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Expected values follow the Spark rules quoted in each kernel's file comment.

var nan = gomath.NaN()
var negZero = gomath.Copysign(0, -1)

// column builds n rows cycling through vals, with every 5th row NULL when nulls.
func column(vals []any, n int, nulls bool) []any {
	out := kerneltest.Cycle(vals, n)
	if nulls {
		for i := 2; i < n; i += 5 {
			out[i] = nil
		}
	}
	return out
}

// runNary checks f over columns (one []any per argument) against want(row values),
// over batch sizes 1, 7 and 8192, with and without NULL rows.
func runNary(t *testing.T, typ types.DataType, cols [][]any, want func(row []any) any,
	f func(mem memory.Allocator, args []arrow.Array) (arrow.Array, error)) {
	t.Helper()
	n := 8192 + 9
	for _, nulls := range []bool{false, true} {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		arrs := make([]arrow.Array, len(cols))
		vals := make([][]any, len(cols))
		for k, c := range cols {
			// Rotate the NULL pattern per argument so rows mix NULL and non-NULL arguments.
			vals[k] = column(c, n, false)
			if nulls {
				for i := 2 + k; i < n; i += 3 + k {
					vals[k][i] = nil
				}
			}
			arrs[k] = kerneltest.Build(mem, typ, vals[k])
		}
		wants := make([]any, n)
		for i := range wants {
			row := make([]any, len(cols))
			for k := range cols {
				row[k] = vals[k][i]
			}
			wants[i] = want(row)
		}
		kerneltest.SlicedShort(n, 100, func(start, end int) {
			slices := make([]arrow.Array, len(arrs))
			for k, a := range arrs {
				slices[k] = kerneltest.Slice(a, start, end)
			}
			got, err := f(mem, slices)
			if err != nil {
				t.Fatal(err)
			}
			kerneltest.Check(t, got, wants[start:end])
			got.Release()
			for _, s := range slices {
				s.Release()
			}
		})
		for _, a := range arrs {
			a.Release()
		}
		mem.AssertSize(t, 0)
	}
}

// pick is a reference Greatest/Least written from Spark's rule: skip NULLs,
// keep the running value unless a later one is strictly better.
func pick(row []any, better func(a, b any) bool) any {
	var best any
	for _, v := range row {
		if v != nil && (best == nil || better(v, best)) {
			best = v
		}
	}
	return best
}

// dlt is SQLOrderingUtil.compareDoubles(a, b) < 0: NaN above everything, -0.0 = 0.0.
func dlt(a, b float64) bool { return !gomath.IsNaN(a) && (gomath.IsNaN(b) || a < b) }

func TestGreatestLeastInts(t *testing.T) {
	cols := [][]any{{int32(1), int32(gomath.MinInt32), int32(5), int32(-3)}, {int32(7), int32(2), int32(5), int32(gomath.MaxInt32), int32(0)}, {int32(-9), int32(4)}}
	gt := func(a, b any) bool { return a.(int32) > b.(int32) }
	lt := func(a, b any) bool { return a.(int32) < b.(int32) }
	runNary(t, types.IntType, cols, func(r []any) any { return pick(r, gt) }, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return Greatest(mem, types.IntType, a)
	})
	runNary(t, types.IntType, cols, func(r []any) any { return pick(r, lt) }, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return Least(mem, types.IntType, a)
	})
}

func TestGreatestLeastDoubles(t *testing.T) {
	cols := [][]any{{1.0, nan, negZero, 0.0, gomath.Inf(-1)}, {0.0, 2.0, 0.0, negZero, nan, gomath.Inf(1)}}
	gt := func(a, b any) bool { return dlt(b.(float64), a.(float64)) }
	lt := func(a, b any) bool { return dlt(a.(float64), b.(float64)) }
	runNary(t, types.DoubleType, cols, func(r []any) any { return pick(r, gt) }, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return Greatest(mem, types.DoubleType, a)
	})
	runNary(t, types.DoubleType, cols, func(r []any) any { return pick(r, lt) }, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return Least(mem, types.DoubleType, a)
	})
	// Spelled out: Greatest(1.0, NaN) = NaN, Least(1.0, NaN) = 1.0,
	// Greatest(-0.0, 0.0) = -0.0 (the first of equals), Least(0.0, -0.0) = 0.0.
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	a := kerneltest.Build(mem, types.DoubleType, []any{1.0, negZero, 0.0, nil})
	b := kerneltest.Build(mem, types.DoubleType, []any{nan, 0.0, negZero, nil})
	defer a.Release()
	defer b.Release()
	g, _ := Greatest(mem, types.DoubleType, []arrow.Array{a, b})
	kerneltest.Check(t, g, []any{nan, negZero, 0.0, nil})
	g.Release()
	l, _ := Least(mem, types.DoubleType, []arrow.Array{a, b})
	kerneltest.Check(t, l, []any{1.0, negZero, 0.0, nil})
	l.Release()
}

func TestGreatestLeastOtherTypes(t *testing.T) {
	strs := [][]any{{"b", "", "Ünï", "zz"}, {"a", "bb", "Üa", "z"}}
	runNary(t, types.StringType, strs, func(r []any) any { return pick(r, func(a, b any) bool { return a.(string) > b.(string) }) },
		func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return Greatest(mem, types.StringType, a)
		})
	decs := [][]any{{kerneltest.Dec(-5), kerneltest.DecStr("99999999999999999999999999999999999999")}, {kerneltest.Dec(3), kerneltest.Dec(-1), kerneltest.Dec(0)}}
	runNary(t, types.DecimalType(38, 2), decs, func(r []any) any {
		return pick(r, func(a, b any) bool { return b.(decimal128.Num).Less(a.(decimal128.Num)) })
	}, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		return Greatest(mem, types.DecimalType(38, 2), a)
	})
	// Boolean: false < true.
	bools := [][]any{{true, false, false}, {false, false, true, true}}
	runNary(t, types.BooleanType, bools, func(r []any) any { return pick(r, func(a, b any) bool { return !a.(bool) && b.(bool) }) },
		func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return Least(mem, types.BooleanType, a)
		})
	dates := [][]any{{int32(-719162), int32(0), int32(2932896)}, {int32(5), int32(-1)}}
	runNary(t, types.DateType, dates, func(r []any) any { return pick(r, func(a, b any) bool { return a.(int32) > b.(int32) }) },
		func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return Greatest(mem, types.DateType, a)
		})
}

// inRef is SQL's three-valued IN written from predicates.scala's In.eval, with
// Spark's equality eq.
func inRef(row []any, eq func(a, b any) bool) any {
	if row[0] == nil {
		return nil
	}
	hasNull := false
	for _, v := range row[1:] {
		if v == nil {
			hasNull = true
		} else if eq(row[0], v) {
			return true
		}
	}
	if hasNull {
		return nil
	}
	return false
}

func deq(a, b any) bool {
	x, y := a.(float64), b.(float64)
	return x == y || (gomath.IsNaN(x) && gomath.IsNaN(y))
}

func TestInArrays(t *testing.T) {
	cols := [][]any{{1.0, nan, negZero, 2.0, 0.0}, {0.0, nan, 1.0}, {2.0, 3.0}}
	runNary(t, types.DoubleType, cols, func(r []any) any { return inRef(r, deq) }, func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
		items := make([]Item, len(a)-1)
		for i, x := range a[1:] {
			items[i] = Item{Array: x}
		}
		return In(mem, types.DoubleType, a[0], items)
	})
	strs := [][]any{{"a", "", "é", "b"}, {"b", "é"}, {"", "x", "a"}}
	runNary(t, types.StringType, strs, func(r []any) any { return inRef(r, func(a, b any) bool { return a == b }) },
		func(mem memory.Allocator, a []arrow.Array) (arrow.Array, error) {
			return In(mem, types.StringType, a[0], []Item{{Array: a[1]}, {Array: a[2]}})
		})
}

func TestInScalarsAndInSet(t *testing.T) {
	cases := []struct {
		name string
		typ  types.DataType
		vals []any
		set  []any
		want []any
	}{
		// NULL value: NULL; found: true; not found with a NULL member: NULL; else false.
		{"ints", types.IntType, []any{int32(1), int32(2), nil, int32(gomath.MinInt32)}, []any{int32(1), int32(gomath.MinInt32)}, []any{true, false, nil, true}},
		{"ints with null", types.IntType, []any{int32(1), int32(2), nil}, []any{int32(1), nil}, []any{true, nil, nil}},
		// NaN = NaN and -0.0 = 0.0 (genEqual; InSet's Scala set and isNaN test).
		{"doubles", types.DoubleType, []any{nan, negZero, 0.0, 1.5, nil}, []any{0.0, nan}, []any{true, true, true, false, nil}},
		{"doubles no nan", types.DoubleType, []any{nan, 0.0}, []any{negZero, nil}, []any{nil, true}},
		{"floats", types.FloatType, []any{float32(nan), float32(negZero)}, []any{float32(0)}, []any{false, true}},
		{"strings", types.StringType, []any{"a", "", "ab", nil}, []any{"", "ab"}, []any{false, true, true, nil}},
		{"binary", types.BinaryType, []any{[]byte("a"), []byte{}}, []any{[]byte{}}, []any{false, true}},
		{"decimals", types.DecimalType(12, 2), []any{kerneltest.Dec(100), kerneltest.Dec(-1)}, []any{kerneltest.Dec(100)}, []any{true, false}},
		{"bytes", types.ByteType, []any{int8(-128), int8(0)}, []any{int8(-128), nil}, []any{true, nil}},
		{"booleans", types.BooleanType, []any{true, false, nil}, []any{true}, []any{true, false, nil}},
		{"dates", types.DateType, []any{int32(0), int32(-719162)}, []any{int32(-719162)}, []any{false, true}},
		{"only null", types.LongType, []any{int64(1), nil}, []any{nil}, []any{nil, nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, bs := range kerneltest.BatchSizes {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				vals, want := kerneltest.Cycle(c.vals, bs), kerneltest.Cycle(c.want, bs)
				a := kerneltest.Build(mem, c.typ, vals)
				got, err := InSet(mem, c.typ, a, c.set)
				if err != nil {
					t.Fatal(err)
				}
				kerneltest.Check(t, got, want)
				got.Release()
				a.Release()
				mem.AssertSize(t, 0)
			}
		})
	}
}

func TestMergeAndSplit(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cond := kerneltest.Build(mem, types.BooleanType, []any{true, false, nil, true, false})
	defer cond.Release()
	taken, rest := Split(cond, nil)
	if len(taken) != 2 || taken[0] != 0 || taken[1] != 3 || len(rest) != 3 || rest[2] != 4 {
		t.Fatalf("Split: %v %v", taken, rest)
	}
	// Split over a subset of rows maps back to the batch's row numbers.
	sub := kerneltest.Build(mem, types.BooleanType, []any{nil, true, true})
	defer sub.Release()
	taken, rest = Split(sub, []int32{1, 2, 4})
	if len(taken) != 2 || taken[0] != 2 || taken[1] != 4 || len(rest) != 1 || rest[0] != 1 {
		t.Fatalf("Split over rows: %v %v", taken, rest)
	}
	for _, typ := range []types.DataType{types.StringType, types.LongType, types.BooleanType, types.DecimalType(20, 2)} {
		var v1, v2 []any
		switch typ.ID {
		case types.String:
			v1, v2 = []any{"first", nil}, []any{"", "third", "fourth✓"}
		case types.Long:
			v1, v2 = []any{int64(1), nil}, []any{int64(0), int64(3), int64(4)}
		case types.Boolean:
			v1, v2 = []any{true, nil}, []any{false, true, false}
		default:
			v1, v2 = []any{kerneltest.Dec(1), nil}, []any{kerneltest.Dec(0), kerneltest.Dec(3), kerneltest.Dec(-4)}
		}
		a1, a2 := kerneltest.Build(mem, typ, v1), kerneltest.Build(mem, typ, v2)
		got, err := Merge(mem, typ.ArrowType(""), 6, []Part{{Rows: []int32{0, 1}, Values: a1}, {Rows: []int32{2, 3, 4}, Values: a2}})
		if err != nil {
			t.Fatal(err)
		}
		kerneltest.Check(t, got, []any{v1[0], nil, v2[0], v2[1], v2[2], nil})
		got.Release()
		a1.Release()
		a2.Release()
	}
	// NullRows: the rows Coalesce still has to fill.
	a := kerneltest.Build(mem, types.IntType, []any{nil, int32(1), nil})
	defer a.Release()
	if r := NullRows(a, []int32{3, 5, 9}); len(r) != 2 || r[0] != 3 || r[1] != 9 {
		t.Fatalf("NullRows: %v", r)
	}
}
