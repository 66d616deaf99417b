package join_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/join"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/native/spill"
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

// reference is a nested-loop join with Spark's semantics: keys (the columns
// keyCols) equal and not NULL, then the condition (v_left < v_right + 40,
// NULL-safe here since v is never NULL).
func reference(left, right []row, t join.Type, cond, nullAware bool, keyCols []int) []row {
	match := func(l, r row) bool {
		for _, c := range keyCols {
			if l[c] == nil || r[c] == nil || l[c] != r[c] {
				return false
			}
		}
		return !cond || l[2].(int32) < r[2].(int32)+40
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
// the batch size; all memory is released. Keys: one bigint (the int64
// index), one string, or both (the hash index).
func TestHashJoinMatchesNestedLoop(t *testing.T) {
	types_ := []join.Type{join.Inner, join.LeftOuter, join.RightOuter, join.FullOuter, join.LeftSemi, join.LeftAnti}
	sizes := []struct{ l, r int }{{300, 200}, {0, 50}, {50, 0}, {1, 1}, {500, 40}}
	for _, jt := range types_ {
		for _, buildLeft := range []bool{false, true} {
			for _, cond := range []bool{false, true} {
				for _, sz := range sizes {
					// No keys: a nested loop join (the condition alone decides).
					for _, keyCols := range [][]int{{0}, {1}, {0, 1}, {}} {
						name := fmt.Sprintf("%s/buildLeft=%v/cond=%v/%dx%d/keys=%v", jt, buildLeft, cond, sz.l, sz.r, keyCols)
						t.Run(name, func(t *testing.T) {
							runJoinWith(t, joinRun{jt: jt, buildLeft: buildLeft, cond: cond, nl: sz.l, nr: sz.r,
								keys: 30, rightNulls: true, keyCols: keyCols})
						})
					}
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
	runJoinWith(t, joinRun{jt: jt, buildLeft: buildLeft, cond: cond, nullAware: nullAware, nl: nl, nr: nr,
		keys: 30, rightNulls: rightNulls})
}

// joinRun is one join of generated sides checked against the nested loop.
type joinRun struct {
	jt                         join.Type
	buildLeft, cond, nullAware bool
	nl, nr, keys               int
	rightNulls                 bool
	keyCols                    []int  // the key columns of both sides (nil: k)
	budget                     int64  // 0: 1 GiB
	spillRoot                  string // "": the join has no spill directory
	wantSpill                  bool
}

func runJoinWith(t *testing.T, r joinRun) native.Metrics {
	jt, buildLeft, cond, nullAware, nl, nr := r.jt, r.buildLeft, r.cond, r.nullAware, r.nl, r.nr
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	lcols, rcols := side(nl, r.keys, 1, true), side(nr, r.keys, 2, r.rightNulls)
	left := nativetest.NewSource(sideSchema.ArrowSchema("UTC"), nativetest.Batches(mem, sideSchema, lcols, 64))
	right := nativetest.NewSource(sideSchema.ArrowSchema("UTC"), nativetest.Batches(mem, sideSchema, rcols, 33))
	keyCols := r.keyCols
	if keyCols == nil {
		keyCols = []int{0}
	}
	var leftKeys, rightKeys []expr.Evaluator
	for _, c := range keyCols {
		leftKeys = append(leftKeys, col(c, sideSchema[c].Type))
		rightKeys = append(rightKeys, col(c, sideSchema[c].Type))
	}
	spec := join.Spec{Type: jt, BuildLeft: buildLeft, NullAwareAnti: nullAware,
		LeftKeys: leftKeys, RightKeys: rightKeys,
		Schema: outputSchema(jt).ArrowSchema("UTC"), BatchSize: 100}
	if cond {
		spec.Condition = condition(t)
	}
	budget := r.budget
	if budget == 0 {
		budget = 1 << 30
	}
	task := native.NewMemoryPool(budget).NewTask("t")
	var dir *spill.Dir
	if r.spillRoot != "" {
		dir = spill.NewDir([]string{r.spillRoot}, "t", spill.LZ4)
		defer dir.Remove()
	}
	op, err := join.NewSpillingHashJoin(left, right, spec, mem, 5, task.NewReservation("HashJoin"), dir)
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
	want := reference(rowsOf(lcols), rowsOf(rcols), jt, cond, nullAware, keyCols)
	g, w := canon(got), canon(want)
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Fatalf("%d rows, want %d\n got: %v\nwant: %v", len(g), len(w), head(g), head(w))
	}
	if left := task.Close(); left != 0 {
		t.Fatalf("reservation left: %d", left)
	}
	m := *op.Metrics()
	if spilled := m.SpillFiles > 0; spilled != r.wantSpill {
		t.Fatalf("spill files %d, want spilling %v", m.SpillFiles, r.wantSpill)
	}
	if r.spillRoot != "" {
		if left, _ := filepath.Glob(filepath.Join(r.spillRoot, "*", "*")); len(left) != 0 {
			t.Fatalf("spill files left after Close: %v", left)
		}
	}
	return m
}

// With a budget far below the build side, every join type (build on either
// side, with and without a condition, NULL keys on both sides) spills both
// sides to partitioned files and still gives the nested-loop join's rows; a
// budget below one level's partitions makes the pairs spill again; no file
// and no reservation is left.
func TestSpillingHashJoinMatchesNestedLoop(t *testing.T) {
	types_ := []join.Type{join.Inner, join.LeftOuter, join.RightOuter, join.FullOuter, join.LeftSemi, join.LeftAnti}
	for _, jt := range types_ {
		for _, buildLeft := range []bool{false, true} {
			for _, cond := range []bool{false, true} {
				name := fmt.Sprintf("%s/buildLeft=%v/cond=%v", jt, buildLeft, cond)
				t.Run(name, func(t *testing.T) {
					runJoinWith(t, joinRun{jt: jt, buildLeft: buildLeft, cond: cond, nl: 1500, nr: 1200, keys: 400,
						rightNulls: true, budget: 24 << 10, spillRoot: t.TempDir(), wantSpill: true})
				})
			}
		}
	}
	t.Run("two levels", func(t *testing.T) {
		m := runJoinWith(t, joinRun{jt: join.FullOuter, nl: 6000, nr: 6000, keys: 2000, rightNulls: true,
			budget: 16 << 10, spillRoot: t.TempDir(), wantSpill: true})
		if m.SpillFiles <= 32 {
			t.Fatalf("%d spill files: the pairs did not spill again", m.SpillFiles)
		}
	})
	t.Run("two keys", func(t *testing.T) {
		runJoinWith(t, joinRun{jt: join.FullOuter, cond: true, nl: 1500, nr: 1200, keys: 400, rightNulls: true,
			keyCols: []int{0, 1}, budget: 24 << 10, spillRoot: t.TempDir(), wantSpill: true})
	})
	t.Run("fits", func(t *testing.T) {
		runJoinWith(t, joinRun{jt: join.Inner, nl: 1500, nr: 1200, keys: 400, rightNulls: true,
			spillRoot: t.TempDir()})
	})
}

// The null-aware anti join does not spill: its refusal is the budget's error.
func TestNullAwareAntiJoinDoesNotSpill(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	lcols, rcols := side(1500, 400, 1, true), side(1200, 400, 2, false)
	left := nativetest.NewSource(sideSchema.ArrowSchema("UTC"), nativetest.Batches(mem, sideSchema, lcols, 64))
	right := nativetest.NewSource(sideSchema.ArrowSchema("UTC"), nativetest.Batches(mem, sideSchema, rcols, 33))
	spec := join.Spec{Type: join.LeftAnti, NullAwareAnti: true,
		LeftKeys: []expr.Evaluator{col(0, types.LongType)}, RightKeys: []expr.Evaluator{col(0, types.LongType)},
		Schema: outputSchema(join.LeftAnti).ArrowSchema("UTC"), BatchSize: 100}
	task := native.NewMemoryPool(8 << 10).NewTask("t")
	dir := spill.NewDir([]string{t.TempDir()}, "t", spill.LZ4)
	defer dir.Remove()
	op, err := join.NewSpillingHashJoin(left, right, spec, mem, 5, task.NewReservation("HashJoin"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, err = op.Next(t.Context())
	op.Close()
	if err == nil || !strings.Contains(err.Error(), "hash join") {
		t.Fatalf("want the budget's refusal, got %v", err)
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
