package hashagg_test

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/hashagg"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// fn describes one test function over input column col.
type fn struct {
	name   string
	col    int
	ignore bool
}

// build makes an aggregate over child: grouping by the columns keys of in,
// functions fs in mode; merge modes read buffers laid out after the keys.
func build(t testing.TB, mem memory.Allocator, child native.Operator, in types.Schema, keys []int, fs []fn, mode sparkplan.AggregateMode, batch int, res ...*native.Reservation) native.Operator {
	t.Helper()
	spec := specFor(t, in, keys, fs, mode, batch)
	var op native.Operator
	var err error
	if len(res) > 0 {
		op, err = hashagg.NewBudgeted(child, spec, mem, 1, res[0])
	} else {
		op, err = hashagg.New(child, spec, mem, 1)
	}
	if err != nil {
		t.Fatal(err)
	}
	return op
}

// specFor is the Spec of build.
func specFor(t testing.TB, in types.Schema, keys []int, fs []fn, mode sparkplan.AggregateMode, batch int) hashagg.Spec {
	t.Helper()
	var grouping []expr.Evaluator
	var inter types.Schema
	for i, k := range keys {
		ord := k
		if !mode.ReadsArgs() {
			ord = i
		}
		grouping = append(grouping, must(expr.NewColumn(ord, in[k].Type)))
		inter = append(inter, types.Field{Name: in[k].Name, Type: in[k].Type, Nullable: true})
	}
	var funcs []hashagg.Function
	bufCol := len(keys)
	for _, f := range fs {
		var inType types.DataType
		if f.name != "count" {
			inType = in[f.col].Type
		}
		buffer, result, err := sparkplan.AggregateLayout(f.name, inType)
		if err != nil {
			t.Fatal(err)
		}
		hf := hashagg.Function{Name: f.name, Merge: !mode.ReadsArgs(), IgnoreNulls: f.ignore, InputType: inType, NullOnDivideByZero: true}
		for _, b := range buffer {
			hf.BufferTypes = append(hf.BufferTypes, b.Type.ArrowType("UTC"))
		}
		if mode.ReadsArgs() {
			hf.Args = []expr.Evaluator{must(expr.NewColumn(f.col, in[f.col].Type))}
		} else {
			for range buffer {
				hf.InputBuffer = append(hf.InputBuffer, bufCol)
				bufCol++
			}
		}
		funcs = append(funcs, hf)
		if mode.EmitsBuffer() {
			inter = append(inter, buffer...)
		} else {
			inter = append(inter, types.Field{Name: f.name, Type: result, Nullable: true})
		}
	}
	return hashagg.Spec{Grouping: grouping, Functions: funcs, EmitBuffers: mode.EmitsBuffer(),
		Intermediate: inter.ArrowSchema("UTC"), Schema: inter.ArrowSchema("UTC"), BatchSize: batch}
}

func intermediate(in types.Schema, keys []int, fs []fn, buffers bool) types.Schema {
	var out types.Schema
	for _, k := range keys {
		out = append(out, types.Field{Name: in[k].Name, Type: in[k].Type, Nullable: true})
	}
	for _, f := range fs {
		var inType types.DataType
		if f.name != "count" {
			inType = in[f.col].Type
		}
		buffer, result, _ := sparkplan.AggregateLayout(f.name, inType)
		if buffers {
			out = append(out, buffer...)
		} else {
			out = append(out, types.Field{Name: f.name, Type: result, Nullable: true})
		}
	}
	return out
}

// rowsOf turns columns into sorted row strings, for order-free comparison.
func rowsOf(cols [][]any) []string {
	if len(cols) == 0 {
		return nil
	}
	out := make([]string, len(cols[0]))
	for r := range out {
		s := ""
		for c := range cols {
			v := cols[c][r]
			if f, ok := v.(float64); ok && f != f {
				v = "NaN"
			}
			s += fmt.Sprintf("%v|", v)
		}
		out[r] = s
	}
	sort.Strings(out)
	return out
}

var testSchema = types.Schema{
	{Name: "k", Type: types.LongType, Nullable: true},
	{Name: "s", Type: types.StringType, Nullable: true},
	{Name: "l", Type: types.LongType, Nullable: true},
	{Name: "d", Type: types.DoubleType, Nullable: true},
	{Name: "dec", Type: types.DecimalType(10, 2), Nullable: true},
	{Name: "b", Type: types.BooleanType, Nullable: true},
	{Name: "i", Type: types.IntType, Nullable: true},
}

func testData(n, card int, seed int64) [][]any {
	r := rand.New(rand.NewSource(seed))
	cols := make([][]any, len(testSchema))
	strs := []any{"", "a", "b", "日本", "zz", nil}
	dbl := []any{0.0, math.Copysign(0, -1), 1.5, -2.0, math.Inf(1), 3.0, nil}
	for i := 0; i < n; i++ {
		var k any = int64(r.Intn(card))
		if r.Intn(10) == 0 {
			k = nil
		}
		cols[0] = append(cols[0], k)
		cols[1] = append(cols[1], strs[r.Intn(len(strs))])
		var l any = int64(r.Intn(1000) - 500)
		if r.Intn(7) == 0 {
			l = nil
		}
		cols[2] = append(cols[2], l)
		cols[3] = append(cols[3], dbl[r.Intn(len(dbl))])
		var dec any = decimal128.FromI64(int64(r.Intn(100000) - 50000))
		if r.Intn(5) == 0 {
			dec = nil
		}
		cols[4] = append(cols[4], dec)
		var b any = r.Intn(2) == 0
		if r.Intn(6) == 0 {
			b = nil
		}
		cols[5] = append(cols[5], b)
		cols[6] = append(cols[6], int32(r.Intn(50)))
	}
	return cols
}

type group struct {
	key               []any
	count, countL     int64
	sumL              int64
	sumSet            bool
	minD, maxD        any
	firstS, lastS     any
	firstSet, lastSet bool
	firstSI, lastSI   any
	sumDec            int64
	decSeen           bool
	minS, maxS        any
	bAnd              any
}

func keyString(vals []any) string { return fmt.Sprint(vals...) }

var testFns = []fn{{"count", 2, false}, {"sum", 2, false}, {"min", 3, false}, {"max", 3, false},
	{"first", 1, false}, {"last", 1, false}, {"first", 1, true}, {"last", 1, true}, {"sum", 4, false},
	{"min", 1, false}, {"max", 1, false}, {"min", 5, false}, {"avg", 2, false}, {"var_samp", 3, false}}

func TestCompleteAgainstReference(t *testing.T) {
	for _, keys := range [][]int{{0}, {1}, {0, 1}, {}, {6}, {5}} {
		for _, batch := range []int{1, 7, 1024} {
			t.Run(fmt.Sprintf("keys%v_batch%d", keys, batch), func(t *testing.T) {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				defer mem.AssertSize(t, 0)
				data := testData(3000, 40, 1)
				src := nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, data, batch))
				op := build(t, mem, src, testSchema, keys, testFns, sparkplan.Complete, 100)
				got, _ := nativetest.Drain(t, op)
				want := reference(data, keys)
				gr, wr := rowsOf(got), rowsOf(want)
				if len(gr) != len(wr) {
					t.Fatalf("got %d groups, want %d", len(gr), len(wr))
				}
				for i := range gr {
					if gr[i] != wr[i] {
						t.Fatalf("row %d:\n got %s\nwant %s", i, gr[i], wr[i])
					}
				}
			})
		}
	}
}

func dless(a, b float64) bool { return a < b || (b != b && a == a) }

// reference computes testFns over data by row, as Spark's expressions say.
func reference(data [][]any, keys []int) [][]any {
	groups := map[string]*group{}
	var order []string
	n := len(data[0])
	m2 := map[string][3]float64{}
	avgs := map[string][2]float64{}
	for r := 0; r < n; r++ {
		kv := make([]any, len(keys))
		for i, k := range keys {
			kv[i] = data[k][r]
		}
		ks := keyString(kv)
		g := groups[ks]
		if g == nil {
			g = &group{key: kv}
			groups[ks] = g
			order = append(order, ks)
		}
		if l := data[2][r]; l != nil {
			g.countL++
			g.sumL += l.(int64)
			g.sumSet = true
			a := avgs[ks]
			a[0] += float64(l.(int64))
			a[1]++
			avgs[ks] = a
		}
		if d := data[3][r]; d != nil {
			x := d.(float64)
			if g.minD == nil || dless(x, g.minD.(float64)) {
				g.minD = x
			}
			if g.maxD == nil || dless(g.maxD.(float64), x) {
				g.maxD = x
			}
			st := m2[ks]
			newN := st[0] + 1
			delta := x - st[1]
			deltaN := delta / newN
			st[1] += deltaN
			st[2] += delta * (delta - deltaN)
			st[0] = newN
			m2[ks] = st
		}
		s := data[1][r]
		if !g.firstSet {
			g.firstS, g.firstSet = s, true
		}
		g.lastS = s
		if s != nil {
			if g.firstSI == nil {
				g.firstSI = s
			}
			g.lastSI = s
			if g.minS == nil || s.(string) < g.minS.(string) {
				g.minS = s
			}
			if g.maxS == nil || s.(string) > g.maxS.(string) {
				g.maxS = s
			}
		}
		if d := data[4][r]; d != nil {
			g.sumDec += int64(d.(decimal128.Num).LowBits())
			g.decSeen = true
		}
		if b := data[5][r]; b != nil {
			if g.bAnd == nil || (!b.(bool) && g.bAnd.(bool)) {
				g.bAnd = b
			}
		}
	}
	if len(keys) == 0 && len(order) == 0 {
		groups[""] = &group{}
		order = append(order, "")
	}
	cols := make([][]any, len(keys)+len(testFns))
	for _, ks := range order {
		g := groups[ks]
		for i := range keys {
			cols[i] = append(cols[i], g.key[i])
		}
		c := len(keys)
		var sum any
		if g.sumSet {
			sum = g.sumL
		}
		var dec any
		if g.decSeen {
			dec = decimal128.FromI64(g.sumDec)
		}
		var avg any
		if a := avgs[ks]; a[1] > 0 {
			avg = a[0] / a[1]
		}
		var vs any
		if st := m2[ks]; st[0] > 1 {
			vs = st[2] / (st[0] - 1)
		}
		for _, v := range []any{g.countL, sum, g.minD, g.maxD, g.firstS, g.lastS, g.firstSI, g.lastSI, dec, g.minS, g.maxS, g.bAnd, avg, vs} {
			cols[c] = append(cols[c], v)
			c++
		}
	}
	return cols
}

// TestPartialThenFinal checks that partial buffers of split inputs, merged
// (PartialMerge) and finished (Final), give the Complete answer.
func TestPartialThenFinal(t *testing.T) {
	for _, keys := range [][]int{{0}, {0, 1}, {}} {
		t.Run(fmt.Sprint(keys), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			data := testData(2000, 30, 2)
			// integer-valued doubles only, so the order of additions does not matter
			fs := []fn{{"count", 2, false}, {"sum", 2, false}, {"min", 3, false}, {"max", 3, false},
				{"first", 1, true}, {"sum", 4, false}, {"min", 1, false}, {"max", 5, false}, {"avg", 2, false}, {"avg", 4, false}}
			complete := func() [][]any {
				src := nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, data, 256))
				got, _ := nativetest.Drain(t, build(t, mem, src, testSchema, keys, fs, sparkplan.Complete, 64))
				return got
			}()
			half := len(data[0]) / 2
			bufSchema := intermediate(testSchema, keys, fs, true)
			var parts [][]any
			for _, rng := range [][2]int{{0, half}, {half, len(data[0])}} {
				sub := make([][]any, len(data))
				for c := range data {
					sub[c] = data[c][rng[0]:rng[1]]
				}
				src := nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, sub, 100))
				got, _ := nativetest.Drain(t, build(t, mem, src, testSchema, keys, fs, sparkplan.Partial, 50))
				if parts == nil {
					parts = got
				} else {
					for c := range parts {
						parts[c] = append(parts[c], got[c]...)
					}
				}
			}
			// first(ignore nulls) depends on which partial comes first; both halves are in order
			src := nativetest.NewSource(bufSchema.ArrowSchema("UTC"), nativetest.Batches(mem, bufSchema, parts, 33))
			merged, _ := nativetest.Drain(t, build(t, mem, src, testSchema, keys, fs, sparkplan.PartialMerge, 1000))
			src = nativetest.NewSource(bufSchema.ArrowSchema("UTC"), nativetest.Batches(mem, bufSchema, merged, 1000))
			final, _ := nativetest.Drain(t, build(t, mem, src, testSchema, keys, fs, sparkplan.Final, 7))
			gc, fc := rowsOf(complete), rowsOf(final)
			if len(gc) != len(fc) {
				t.Fatalf("complete %d groups, final %d", len(gc), len(fc))
			}
			for i := range gc {
				if gc[i] != fc[i] {
					t.Fatalf("row %d:\ncomplete %s\n   final %s", i, gc[i], fc[i])
				}
			}
		})
	}
}

// Average of decimals: sum / count at scale 39 HALF_UP, then HALF_UP to the
// result scale (decimal(10,2) -> decimal(14,6)).
func TestAverageDecimal(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	in := types.Schema{{Name: "k", Type: types.IntType, Nullable: true}, {Name: "x", Type: types.DecimalType(10, 2), Nullable: true}}
	d := func(v int64) any { return decimal128.FromI64(v) }
	cols := [][]any{
		{int32(1), int32(1), int32(1), int32(2), int32(2), int32(3), int32(3), int32(3), int32(4)},
		{d(100), d(200), d(200), d(-1), d(-2), d(1), d(1), d(2), nil},
	}
	src := nativetest.NewSource(in.ArrowSchema("UTC"), nativetest.Batches(mem, in, cols, 4))
	got, _ := nativetest.Drain(t, build(t, mem, src, in, []int{0}, []fn{{"avg", 1, false}}, sparkplan.Complete, 10))
	want := [][]any{{int32(1), int32(2), int32(3), int32(4)}, {d(1666667), d(-15000), d(13333), nil}}
	nativetest.CheckColumns(t, got, want)
}

// A partial aggregate refused by its budget emits its groups early as partial
// rows and starts afresh: more rows out, the same final answer.
func TestPartialFlushesWhenRefused(t *testing.T) {
	for _, keys := range [][]int{{0}, {0, 1}} {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		data := testData(3000, 500, 3)
		fs := []fn{{"count", 2, false}, {"sum", 2, false}, {"min", 3, false}, {"max", 5, false}, {"avg", 4, false}}
		src := nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, data, 256))
		complete, _ := nativetest.Drain(t, build(t, mem, src, testSchema, keys, fs, sparkplan.Complete, 64))
		task := native.NewMemoryPool(4 << 10).NewTask("t")
		src = nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, data, 100))
		partial := build(t, mem, src, testSchema, keys, fs, sparkplan.Partial, 50, task.NewReservation("HashAggregate"))
		parts, _ := nativetest.Drain(t, partial)
		if len(parts[0]) <= len(complete[0]) {
			t.Fatalf("keys %v: %d partial rows for %d groups: the budget never flushed", keys, len(parts[0]), len(complete[0]))
		}
		if left := task.Close(); left != 0 {
			t.Fatalf("reservation left: %d", left)
		}
		bufSchema := intermediate(testSchema, keys, fs, true)
		src = nativetest.NewSource(bufSchema.ArrowSchema("UTC"), nativetest.Batches(mem, bufSchema, parts, 77))
		final, _ := nativetest.Drain(t, build(t, mem, src, testSchema, keys, fs, sparkplan.Final, 64))
		gc, fc := rowsOf(complete), rowsOf(final)
		if len(gc) != len(fc) {
			t.Fatalf("complete %d groups, final %d", len(gc), len(fc))
		}
		for i := range gc {
			if gc[i] != fc[i] {
				t.Fatalf("row %d:\ncomplete %s\n   final %s", i, gc[i], fc[i])
			}
		}
		mem.AssertSize(t, 0)
	}
}

// A table large enough to touch slots ahead of probing (more than 64K
// slots) and to be grown ahead of a batch, against a map.
func TestIntTableLarge(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := types.Schema{{Name: "k", Type: types.LongType, Nullable: true}, {Name: "l", Type: types.LongType, Nullable: true}}
	r := rand.New(rand.NewSource(9))
	cols := make([][]any, 2)
	want := map[any][2]int64{}
	for i := 0; i < 300000; i++ {
		var k any = int64(r.Intn(150000)) * 1_000_003
		if i%13 == 0 {
			k = nil
		}
		cols[0] = append(cols[0], k)
		cols[1] = append(cols[1], int64(i))
		w := want[k]
		want[k] = [2]int64{w[0] + 1, w[1] + int64(i)}
	}
	src := nativetest.NewSource(schema.ArrowSchema("UTC"), nativetest.Batches(mem, schema, cols, 8192))
	got, _ := nativetest.Drain(t, build(t, mem, src, schema, []int{0}, []fn{{"count", 1, false}, {"sum", 1, false}}, sparkplan.Complete, 4096))
	if len(got[0]) != len(want) {
		t.Fatalf("%d groups, want %d", len(got[0]), len(want))
	}
	for i, k := range got[0] {
		if w := want[k]; got[1][i] != w[0] || got[2][i] != w[1] {
			t.Fatalf("key %v: count %v sum %v, want %v", k, got[1][i], got[2][i], w)
		}
	}
}
