package sort_test

import (
	"context"
	"math"
	"math/rand"
	gosort "sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/kernels/order"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/nativetest"
	nsort "github.com/ember-spark/ember/native/sort"
	"github.com/ember-spark/ember/sparkplan/types"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

var schema = types.Schema{
	{Name: "id", Type: types.IntType, Nullable: false},
	{Name: "d", Type: types.DoubleType, Nullable: true},
	{Name: "s", Type: types.StringType, Nullable: true},
	{Name: "dec", Type: types.DecimalType(38, 2), Nullable: true},
	{Name: "l", Type: types.LongType, Nullable: true},
}

// data: a unique id, doubles with NaN, -0.0 and NULL, strings, decimals,
// longs with duplicates, NULL and the extremes (a first key the sort returns
// in sorted order).
func data(n int, seed int64) [][]any {
	r := rand.New(rand.NewSource(seed))
	doubles := []any{0.0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 1.5, -2.5, nil}
	strs := []any{"", "a", "ab", "b", "é", "abcdefghij", nil}
	decs := []any{kerneltest.Dec(0), kerneltest.Dec(-5), kerneltest.DecStr("99999999999999999999999999999999999999"), nil}
	longs := []any{int64(math.MinInt64), int64(math.MaxInt64), int64(-1), int64(0), nil}
	cols := make([][]any, 5)
	for i := 0; i < n; i++ {
		if v := r.Intn(10); v < len(longs) {
			cols[4] = append(cols[4], longs[v])
		} else {
			cols[4] = append(cols[4], r.Int63()-r.Int63())
		}
		cols[0] = append(cols[0], int32(i))
		cols[1] = append(cols[1], doubles[r.Intn(len(doubles))])
		cols[2] = append(cols[2], strs[r.Intn(len(strs))])
		cols[3] = append(cols[3], decs[r.Intn(len(decs))])
	}
	return cols
}

// sparkCompare is Spark's ascending order of two non-NULL values of one column.
func sparkCompare(a, b any) int {
	switch x := a.(type) {
	case float64:
		y := b.(float64)
		switch {
		case x == y || (x != x && y != y):
			return 0
		case x != x:
			return 1
		case y != y:
			return -1
		case x < y:
			return -1
		}
		return 1
	case string:
		y := b.(string)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case int32:
		y := b.(int32)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case int64:
		y := b.(int64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return a.(interface{ Cmp(any) int }).Cmp(b)
}

type spec struct {
	col  int
	desc bool
	nf   bool
}

// reference sorts the rows stably by specs and returns the first limit.
func reference(cols [][]any, specs []spec, limit int) [][]any {
	n := len(cols[0])
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	gosort.SliceStable(perm, func(p, q int) bool {
		i, j := perm[p], perm[q]
		for _, s := range specs {
			a, b := cols[s.col][i], cols[s.col][j]
			var c int
			switch {
			case a == nil && b == nil:
			case a == nil:
				c = 1
				if s.nf {
					c = -1
				}
			case b == nil:
				c = -1
				if s.nf {
					c = 1
				}
			default:
				c = sparkCompare(a, b)
				if s.desc {
					c = -c
				}
			}
			if c != 0 {
				return c < 0
			}
		}
		return false
	})
	if limit >= 0 && limit < n {
		perm = perm[:limit]
	}
	out := make([][]any, len(cols))
	for c := range cols {
		for _, i := range perm {
			out[c] = append(out[c], cols[c][i])
		}
	}
	return out
}

func keysOf(specs []spec) []nsort.Key {
	var keys []nsort.Key
	for _, s := range specs {
		keys = append(keys, nsort.Key{Expr: must(expr.NewColumn(s.col, schema[s.col].Type)),
			Key: order.Key{Descending: s.desc, NullsFirst: s.nf}})
	}
	return keys
}

var specCases = [][]spec{
	{{1, false, true}},
	{{1, true, false}},
	{{2, false, false}, {1, true, true}},
	{{2, true, true}},
	{{1, false, false}, {2, false, true}},
	{{4, false, true}},
	{{4, true, false}, {2, false, false}},
}

func TestSort(t *testing.T) {
	for _, bs := range nativetest.BatchSizes {
		for _, outBatch := range []int{1, 5, 8192} {
			n := 3000
			if bs < 100 || outBatch < 100 {
				n = 300
			}
			cols := data(n, int64(bs))
			for _, specs := range specCases {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				src := nativetest.NewSource(schema.ArrowSchema("UTC"), nativetest.Batches(mem, schema, cols, bs))
				op := nsort.NewSort(src, keysOf(specs), mem, outBatch, 7)
				got, batches := nativetest.Drain(t, op)
				nativetest.CheckColumns(t, got, reference(cols, specs, -1))
				if want := (n + outBatch - 1) / outBatch; batches != want {
					t.Fatalf("got %d batches, want %d", batches, want)
				}
				if m := op.Metrics(); m.PlanID != 7 || m.OutputRows != int64(n) {
					t.Fatalf("metrics %+v", m)
				}
				if !src.Closed {
					t.Fatal("child not closed")
				}
				mem.AssertSize(t, 0)
			}
		}
	}
}

func TestTopN(t *testing.T) {
	for _, bs := range nativetest.BatchSizes {
		for _, limit := range []int{0, 1, 10, 299, 300, 5000} {
			n := 3000
			if bs < 100 {
				n = 300
			}
			cols := data(n, int64(bs+limit))
			for _, specs := range specCases {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				src := nativetest.NewSource(schema.ArrowSchema("UTC"), nativetest.Batches(mem, schema, cols, bs))
				task := native.NewMemoryPool(1 << 30).NewTask("t1")
				op := nsort.NewReservedTopN(src, keysOf(specs), int64(limit), mem, 64, 9, task.NewReservation("TopN"))
				got, _ := nativetest.Drain(t, op)
				want := reference(cols, specs, limit)
				if limit == 0 {
					want = make([][]any, len(cols))
				}
				nativetest.CheckColumns(t, got, want)
				mem.AssertSize(t, 0)
				if limit > 0 && op.Metrics().PeakMemoryBytes == 0 {
					t.Fatalf("limit %d: nothing reserved", limit)
				}
				if left := task.Close(); left != 0 {
					t.Fatalf("reservation left: %d", left)
				}
			}
		}
	}
}

// A top-N holds at most about 2 x limit + one batch of rows, all reserved;
// a budget too small for them is a clear error, and nothing is left behind.
func TestTopNReservation(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cols := data(5000, 3)
	task := native.NewMemoryPool(1 << 30).NewTask("t1")
	src := nativetest.NewSource(schema.ArrowSchema("UTC"), nativetest.Batches(mem, schema, cols, 100))
	op := nsort.NewReservedTopN(src, keysOf(specCases[0]), 10, mem, 64, 9, task.NewReservation("TopN"))
	nativetest.Drain(t, op)
	small := op.Metrics().PeakMemoryBytes
	task.Close()

	task = native.NewMemoryPool(1 << 30).NewTask("t2")
	src = nativetest.NewSource(schema.ArrowSchema("UTC"), nativetest.Batches(mem, schema, cols, 100))
	op = nsort.NewReservedTopN(src, keysOf(specCases[0]), 4000, mem, 64, 9, task.NewReservation("TopN"))
	nativetest.Drain(t, op)
	if large := op.Metrics().PeakMemoryBytes; small == 0 || large < 10*small {
		t.Fatalf("peak reservation: limit 10 %d, limit 4000 %d", small, large)
	}
	task.Close()

	task = native.NewMemoryPool(1024).NewTask("t3")
	src = nativetest.NewSource(schema.ArrowSchema("UTC"), nativetest.Batches(mem, schema, cols, 100))
	op = nsort.NewReservedTopN(src, keysOf(specCases[0]), 4000, mem, 64, 9, task.NewReservation("TopN"))
	ctx := t.Context()
	if err := op.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := op.Next(ctx); err == nil || !strings.Contains(err.Error(), "top-n") {
		t.Fatalf("want the budget's refusal, got %v", err)
	}
	if err := op.Close(); err != nil {
		t.Fatal(err)
	}
	if left := task.Close(); left != 0 {
		t.Fatalf("reservation left: %d", left)
	}
}

func TestSortEmptyAndCancelled(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	src := nativetest.NewSource(schema.ArrowSchema("UTC"), nil)
	op := nsort.NewSort(src, keysOf(specCases[0]), mem, 10, 1)
	got, batches := nativetest.Drain(t, op)
	if batches != 0 || len(got[0]) != 0 {
		t.Fatalf("got %d batches", batches)
	}
	ctx, cancel := context.WithCancel(context.Background())
	src = nativetest.NewSource(schema.ArrowSchema("UTC"), nativetest.Batches(mem, schema, data(100, 1), 10))
	var op2 native.Operator = nsort.NewSort(src, keysOf(specCases[0]), mem, 10, 1)
	if err := op2.Open(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := op2.Next(ctx); err == nil {
		t.Fatal("want the cancellation")
	}
	if err := op2.Close(); err != nil || !src.Closed {
		t.Fatalf("close: %v", err)
	}
}
