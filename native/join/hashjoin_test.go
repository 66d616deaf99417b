package join_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/join"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Both sides: (k bigint, s string, v int); keys repeat, some are NULL.
var sideSchema = types.Schema{
	{Name: "k", Type: types.LongType, Nullable: true},
	{Name: "s", Type: types.StringType, Nullable: true},
	{Name: "v", Type: types.IntType, Nullable: true},
}

func side(n, keys int, seed int64, nulls bool) [][]any {
	cols := make([][]any, 3)
	x := uint64(seed)
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		var k any = int64(x>>33) % int64(keys)
		if nulls && i%7 == 3 {
			k = nil
		}
		var s any = fmt.Sprintf("s%d", (x>>20)%3)
		if i%5 == 1 {
			s = nil
		}
		cols[0] = append(cols[0], k)
		cols[1] = append(cols[1], s)
		cols[2] = append(cols[2], int32(i))
	}
	return cols
}

type row []any

func rowsOf(cols [][]any) []row {
	if len(cols) == 0 {
		return nil
	}
	out := make([]row, len(cols[0]))
	for i := range out {
		for c := range cols {
			out[i] = append(out[i], cols[c][i])
		}
	}
	return out
}

// reference is a nested-loop join with Spark's semantics: keys equal and not
// NULL, then the condition (v_left < v_right + 40, NULL-safe here since v is
// never NULL).
func reference(left, right []row, t join.Type, cond, nullAware bool) []row {
	match := func(l, r row) bool {
		return l[0] != nil && r[0] != nil && l[0] == r[0] && (!cond || l[2].(int32) < r[2].(int32)+40)
	}
	nulls := func(n int) row { return make(row, n) }
	var out []row
	rightHit := make([]bool, len(right))
	for _, l := range left {
		hit := false
		for ri, r := range right {
			if match(l, r) {
				hit = true
				rightHit[ri] = true
				if t != join.LeftSemi && t != join.LeftAnti {
					out = append(out, append(append(row{}, l...), r...))
				}
			}
		}
		switch {
		case t == join.LeftSemi && hit:
			out = append(out, l)
		case t == join.LeftAnti && !hit:
			if nullAware && len(right) > 0 {
				rightNull := false
				for _, r := range right {
					rightNull = rightNull || r[0] == nil
				}
				if rightNull || l[0] == nil {
					continue
				}
			}
			out = append(out, l)
		case (t == join.LeftOuter || t == join.FullOuter) && !hit:
			out = append(out, append(append(row{}, l...), nulls(len(sideSchema))...))
		}
	}
	if t == join.RightOuter || t == join.FullOuter {
		for ri, r := range right {
			if !rightHit[ri] {
				out = append(out, append(nulls(len(sideSchema)), r...))
			}
		}
	}
	return out
}

func canon(rows []row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprint(r...)
	}
	sort.Strings(out)
	return out
}

func outputSchema(t join.Type) types.Schema {
	if t == join.LeftSemi || t == join.LeftAnti {
		return sideSchema
	}
	var out types.Schema
	for _, f := range append(append(types.Schema{}, sideSchema...), sideSchema...) {
		f.Nullable = true
		out = append(out, f)
	}
	return out
}

func col(i int, t types.DataType) expr.Evaluator {
	c, err := expr.NewColumn(i, t)
	if err != nil {
		panic(err)
	}
	return c
}

// condition: left.v < right.v + 40, over left ++ right columns.
func condition(t *testing.T) expr.Evaluator {
	sum, err := expr.NewArithmetic(expr.Add, col(5, types.IntType), mustLit(t, int32(40)), types.IntType, expr.Legacy)
	if err != nil {
		t.Fatal(err)
	}
	c, err := expr.NewComparison(expr.LessThan, col(2, types.IntType), sum)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustLit(t *testing.T, v int32) expr.Evaluator {
	l, err := expr.NewLiteral(types.IntType, v)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// Every join type, from either build side where Spark allows it, with and
// without an extra condition, over duplicate and NULL keys and empty sides,
// gives the nested-loop join's rows; output batches are never larger than
// the batch size; all memory is released.
func TestHashJoinMatchesNestedLoop(t *testing.T) {
	types_ := []join.Type{join.Inner, join.LeftOuter, join.RightOuter, join.FullOuter, join.LeftSemi, join.LeftAnti}
	sizes := []struct{ l, r int }{{300, 200}, {0, 50}, {50, 0}, {1, 1}, {500, 40}}
	for _, jt := range types_ {
		for _, buildLeft := range []bool{false, true} {
			for _, cond := range []bool{false, true} {
				for _, sz := range sizes {
					name := fmt.Sprintf("%s/buildLeft=%v/cond=%v/%dx%d", jt, buildLeft, cond, sz.l, sz.r)
					t.Run(name, func(t *testing.T) {
						runJoin(t, jt, buildLeft, cond, false, sz.l, sz.r, true)
					})
				}
			}
		}
	}
}

// NOT IN: a null-aware anti join returns nothing when the build side has a
// NULL key, drops NULL stream keys when the build side is not empty, and
// returns every row when it is.
func TestNullAwareAntiJoin(t *testing.T) {
	for _, sz := range []struct{ l, r int }{{300, 200}, {300, 0}, {40, 3}} {
		for _, buildNulls := range []bool{true, false} {
			t.Run(fmt.Sprintf("%dx%d/buildNulls=%v", sz.l, sz.r, buildNulls), func(t *testing.T) {
				runJoin(t, join.LeftAnti, false, false, true, sz.l, sz.r, buildNulls)
			})
		}
	}
}

func runJoin(t *testing.T, jt join.Type, buildLeft, cond, nullAware bool, nl, nr int, rightNulls bool) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	lcols, rcols := side(nl, 30, 1, true), side(nr, 30, 2, rightNulls)
	left := nativetest.NewSource(sideSchema.ArrowSchema("UTC"), nativetest.Batches(mem, sideSchema, lcols, 64))
	right := nativetest.NewSource(sideSchema.ArrowSchema("UTC"), nativetest.Batches(mem, sideSchema, rcols, 33))
	spec := join.Spec{Type: jt, BuildLeft: buildLeft, NullAwareAnti: nullAware,
		LeftKeys: []expr.Evaluator{col(0, types.LongType)}, RightKeys: []expr.Evaluator{col(0, types.LongType)},
		Schema: outputSchema(jt).ArrowSchema("UTC"), BatchSize: 100}
	if cond {
		spec.Condition = condition(t)
	}
	task := native.NewMemoryPool(1 << 30).NewTask("t")
	op, err := join.NewHashJoin(left, right, spec, mem, 5, task.NewReservation("HashJoin"))
	if err != nil {
		t.Fatal(err)
	}
	cols, batches := nativetest.Drain(t, op)
	got := rowsOf(cols)
	if batches < (len(got)+99)/100 {
		t.Fatalf("%d rows in %d batches of at most 100", len(got), batches)
	}
	if left, right := left.Closed, right.Closed; !left || !right {
		t.Fatal("children not closed")
	}
	want := reference(rowsOf(lcols), rowsOf(rcols), jt, cond, nullAware)
	g, w := canon(got), canon(want)
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Fatalf("%d rows, want %d\n got: %v\nwant: %v", len(g), len(w), head(g), head(w))
	}
	if left := task.Close(); left != 0 {
		t.Fatalf("reservation left: %d", left)
	}
}

func head(s []string) []string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}
