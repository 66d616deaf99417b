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

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

var filterSchema = types.Schema{
	{Name: "id", Type: types.LongType, Nullable: true},
	{Name: "name", Type: types.StringType, Nullable: true},
	{Name: "price", Type: types.DecimalType(15, 2), Nullable: true},
}

func filterData(n int) [][]any {
	cols := make([][]any, 3)
	for i := 0; i < n; i++ {
		var id any = int64(i % 10)
		if i%7 == 3 {
			id = nil
		}
		cols[0] = append(cols[0], id)
		cols[1] = append(cols[1], []any{"a", nil, "ccc"}[i%3])
		cols[2] = append(cols[2], kerneltest.Dec(int64(i)))
	}
	return cols
}

// TestFilter keeps rows where id > 5 is true: FilterExec drops false and NULL.
func TestFilter(t *testing.T) {
	n := 20000
	data := filterData(n)
	var want [][]any = make([][]any, 3)
	for i := 0; i < n; i++ {
		if id, ok := data[0][i].(int64); ok && id > 5 {
			for c := range want {
				want[c] = append(want[c], data[c][i])
			}
		}
	}
	for _, bs := range nativetest.BatchSizes {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		rows := n
		if bs < 100 {
			rows = 500
		}
		src := nativetest.NewSource(filterSchema.ArrowSchema("UTC"), nativetest.Batches(mem, filterSchema, [][]any{data[0][:rows], data[1][:rows], data[2][:rows]}, bs))
		cond := must(expr.NewComparison(expr.GreaterThan, must(expr.NewColumn(0, types.LongType)), must(expr.NewLiteral(types.LongType, int64(5)))))
		f := native.NewFilter(src, cond, mem, 17)
		got, _ := nativetest.Drain(t, f)
		w := want
		if rows < n {
			w = make([][]any, 3)
			for i := 0; i < rows; i++ {
				if id, ok := data[0][i].(int64); ok && id > 5 {
					for c := range w {
						w[c] = append(w[c], data[c][i])
					}
				}
			}
		}
		nativetest.CheckColumns(t, got, w)
		m := f.Metrics()
		if m.PlanID != 17 || m.OutputRows != int64(len(w[0])) || m.OutputBatches == 0 {
			t.Fatalf("metrics %+v", m)
		}
		if !src.Closed {
			t.Fatal("child not closed")
		}
		mem.AssertSize(t, 0)
	}
}

// A batch whose rows all pass is passed on without copying; a batch where
// none pass is skipped.
func TestFilterPassThroughAndSkip(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s := types.Schema{{Name: "x", Type: types.IntType}}
	batches := nativetest.Batches(mem, s, [][]any{{int32(1), int32(2), int32(-1), int32(-2), int32(3), int32(4)}}, 2)
	first := batches[0]
	src := nativetest.NewSource(s.ArrowSchema("UTC"), batches)
	cond := must(expr.NewComparison(expr.GreaterThan, must(expr.NewColumn(0, types.IntType)), must(expr.NewLiteral(types.IntType, int32(0)))))
	f := native.NewFilter(src, cond, mem, 1)
	ctx := context.Background()
	if err := f.Open(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := f.Next(ctx)
	if err != nil || rec != first {
		t.Fatalf("all-pass batch was not passed through: %v %v", rec, err)
	}
	rec.Release()
	rec, err = f.Next(ctx) // the all-false batch is skipped
	if err != nil || rec == nil || rec.NumRows() != 2 || rec.Column(0).(interface{ Value(int) int32 }).Value(0) != 3 {
		t.Fatalf("got %v, %v", rec, err)
	}
	rec.Release()
	if rec, _ := f.Next(ctx); rec != nil {
		t.Fatal("expected the end")
	}
	f.Close()
}

func TestFilterCancelled(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s := types.Schema{{Name: "x", Type: types.BooleanType}}
	src := nativetest.NewSource(s.ArrowSchema("UTC"), nativetest.Batches(mem, s, [][]any{{true}}, 1))
	f := native.NewFilter(src, must(expr.NewColumn(0, types.BooleanType)), mem, 1)
	ctx, cancel := context.WithCancel(context.Background())
	if err := f.Open(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := f.Next(ctx); err == nil {
		t.Fatal("no error after cancel")
	}
	f.Close()
}
