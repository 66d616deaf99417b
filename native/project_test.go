package native_test

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

func TestProject(t *testing.T) {
	in := types.Schema{
		{Name: "a", Type: types.LongType, Nullable: true},
		{Name: "p", Type: types.DecimalType(15, 2), Nullable: true},
		{Name: "ts", Type: types.TimestampType, Nullable: true},
	}
	n := 9000
	cols := make([][]any, 3)
	for i := 0; i < n; i++ {
		var a any = int64(i)
		if i%5 == 0 {
			a = nil
		}
		cols[0] = append(cols[0], a)
		cols[1] = append(cols[1], kerneltest.Dec(int64(i)*3))
		cols[2] = append(cols[2], int64(i)*1000)
	}
	out := types.Schema{
		{Name: "a", Type: types.LongType, Nullable: true},
		{Name: "a_plus_1", Type: types.LongType, Nullable: true},
		{Name: "p2", Type: types.DecimalType(16, 2), Nullable: true},
		{Name: "ts", Type: types.TimestampType, Nullable: true},
		{Name: "lit_ts", Type: types.TimestampType},
		{Name: "a_is_null", Type: types.BooleanType},
	}
	a := must(expr.NewColumn(0, types.LongType))
	p := must(expr.NewColumn(1, types.DecimalType(15, 2)))
	exprs := []expr.Evaluator{
		a,
		must(expr.NewArithmetic(expr.Add, a, must(expr.NewLiteral(types.LongType, int64(1))), types.LongType, expr.Legacy)),
		must(expr.NewArithmetic(expr.Add, p, p, types.DecimalType(16, 2), expr.Legacy)),
		must(expr.NewColumn(2, types.TimestampType)),
		must(expr.NewLiteral(types.TimestampType, int64(42))),
		expr.NewIsNull(a),
	}
	want := make([][]any, len(out))
	for i := 0; i < n; i++ {
		want[0] = append(want[0], cols[0][i])
		if cols[0][i] == nil {
			want[1] = append(want[1], nil)
		} else {
			want[1] = append(want[1], cols[0][i].(int64)+1)
		}
		want[2] = append(want[2], kerneltest.Dec(int64(i)*6))
		want[3] = append(want[3], cols[2][i])
		want[4] = append(want[4], int64(42))
		want[5] = append(want[5], cols[0][i] == nil)
	}
	for _, bs := range nativetest.BatchSizes {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		rows := n
		if bs < 100 {
			rows = 300
		}
		src := nativetest.NewSource(in.ArrowSchema("UTC"), nativetest.Batches(mem, in, [][]any{cols[0][:rows], cols[1][:rows], cols[2][:rows]}, bs))
		pr := native.NewProject(src, exprs, out.ArrowSchema("UTC"), mem, 5)
		got, _ := nativetest.Drain(t, pr)
		w := make([][]any, len(want))
		for c := range want {
			w[c] = want[c][:rows]
		}
		nativetest.CheckColumns(t, got, w)
		if m := pr.Metrics(); m.OutputRows != int64(rows) || m.PlanID != 5 {
			t.Fatalf("metrics %+v", m)
		}
		mem.AssertSize(t, 0)
	}
}

// A column reference shares the input array.
func TestProjectSharesColumns(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s := types.Schema{{Name: "x", Type: types.IntType}, {Name: "y", Type: types.StringType}}
	batches := nativetest.Batches(mem, s, [][]any{{int32(1)}, {"a"}}, 10)
	inCol := batches[0].Column(1)
	src := nativetest.NewSource(s.ArrowSchema("UTC"), batches)
	outSchema := types.Schema{{Name: "y", Type: types.StringType}}.ArrowSchema("UTC")
	pr := native.NewProject(src, []expr.Evaluator{must(expr.NewColumn(1, types.StringType))}, outSchema, mem, 1)
	ctx := context.Background()
	if err := pr.Open(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := pr.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Column(0) != inCol {
		t.Fatal("column reference was copied")
	}
	rec.Release()
	pr.Close()
}
