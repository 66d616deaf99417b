package sort_test

import (
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/nativetest"
	nsort "github.com/ember-spark/ember/native/sort"
	"github.com/ember-spark/ember/native/spill"
)

// With a small budget the sort spills sorted runs and merges them: the same
// rows in the same (stable) order as the in-memory sort, every buffer freed,
// every run file gone after Close.
func TestSortSpillsAndMerges(t *testing.T) {
	for _, budget := range []int64{1, 16 << 10} {
		for _, bs := range []int{7, 100} {
			for _, outBatch := range []int{3, 8192} {
				n := 2000
				cols := data(n, int64(bs)+budget)
				for _, specs := range specCases {
					root := t.TempDir()
					dir := spill.NewDir([]string{root}, "t1", spill.LZ4)
					task := native.NewMemoryPool(budget).NewTask("t1")
					mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
					src := nativetest.NewSource(schema.ArrowSchema("UTC"), nativetest.Batches(mem, schema, cols, bs))
					op := nsort.NewSpillingSort(src, keysOf(specs), mem, outBatch, 7, task.NewReservation("Sort"), dir)
					got, _ := nativetest.Drain(t, op)
					nativetest.CheckColumns(t, got, reference(cols, specs, -1))
					m := op.Metrics()
					if m.OutputRows != int64(n) || m.SpillFiles == 0 || m.SpillBytes == 0 {
						t.Fatalf("budget %d, batch %d: metrics %+v", budget, bs, m)
					}
					files, _ := filepath.Glob(filepath.Join(root, "*", "*"))
					if len(files) != 0 {
						t.Fatalf("spill files left after Close: %v", files)
					}
					if left := task.Close(); left != 0 {
						t.Fatalf("reservation left: %d", left)
					}
					mem.AssertSize(t, 0)
					if err := dir.Remove(); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
}

// Without a spill directory a refused reservation is a clear error.
func TestSortRefusedWithoutSpillDir(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	task := native.NewMemoryPool(1).NewTask("t1")
	src := nativetest.NewSource(schema.ArrowSchema("UTC"), nativetest.Batches(mem, schema, data(100, 1), 10))
	op := nsort.NewSpillingSort(src, keysOf(specCases[0]), mem, 10, 1, task.NewReservation("Sort"), nil)
	ctx := t.Context()
	if err := op.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := op.Next(ctx); err == nil {
		t.Fatal("want the refusal")
	}
	if err := op.Close(); err != nil {
		t.Fatal(err)
	}
}
