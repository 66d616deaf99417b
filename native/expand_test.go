package native_test

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// ROLLUP(a, s) as Spark plans it: (a, s, 0), (a, null, 1), (null, null, 3), every
// input row's projections in turn, across output batch boundaries.
func TestExpand(t *testing.T) {
	in := types.Schema{
		{Name: "a", Type: types.LongType, Nullable: true},
		{Name: "s", Type: types.StringType, Nullable: true},
	}
	n := 700
	cols := make([][]any, 2)
	for i := 0; i < n; i++ {
		var a, s any = int64(i), string(rune('a' + i%26))
		if i%7 == 0 {
			a = nil
		}
		if i%5 == 0 {
			s = nil
		}
		cols[0] = append(cols[0], a)
		cols[1] = append(cols[1], s)
	}
	out := types.Schema{
		{Name: "a", Type: types.LongType, Nullable: true},
		{Name: "s", Type: types.StringType, Nullable: true},
		{Name: "spark_grouping_id", Type: types.LongType},
	}
	a := must(expr.NewColumn(0, types.LongType))
	s := must(expr.NewColumn(1, types.StringType))
	nullLong := must(expr.NewLiteral(types.LongType, nil))
	nullString := must(expr.NewLiteral(types.StringType, nil))
	gid := func(v int64) expr.Evaluator { return must(expr.NewLiteral(types.LongType, v)) }
	projections := [][]expr.Evaluator{{a, s, gid(0)}, {a, nullString, gid(1)}, {nullLong, nullString, gid(3)}}
	want := make([][]any, 3)
	for i := 0; i < n; i++ {
		want[0] = append(want[0], cols[0][i], cols[0][i], nil)
		want[1] = append(want[1], cols[1][i], nil, nil)
		want[2] = append(want[2], int64(0), int64(1), int64(3))
	}
	for _, bs := range nativetest.BatchSizes {
		for _, outRows := range []int{1, 7, 1000} {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			src := nativetest.NewSource(in.ArrowSchema("UTC"), nativetest.Batches(mem, in, cols, bs))
			ex := native.NewExpand(src, projections, out.ArrowSchema("UTC"), mem, outRows, 9)
			got, batches := nativetest.Drain(t, ex)
			nativetest.CheckColumns(t, got, want)
			if m := ex.Metrics(); m.OutputRows != int64(3*n) || m.PlanID != 9 || m.OutputBatches != int64(batches) {
				t.Fatalf("metrics %+v, %d batches", m, batches)
			}
			mem.AssertSize(t, 0)
		}
	}
}
