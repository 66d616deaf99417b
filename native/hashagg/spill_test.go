package hashagg_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/hashagg"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// spillFns are every supported function over the test columns; the doubles
// of testData are multiples of 0.5 (and infinities), so their sums do not
// depend on how the rows are grouped into pieces. first/last: the pieces
// are merged in input order, so even they match the in-memory answer.
var spillFns = []fn{{"count", 2, false}, {"sum", 2, false}, {"sum", 3, false}, {"sum", 4, false}, {"sum", 6, false},
	{"min", 3, false}, {"max", 3, false}, {"min", 1, false}, {"max", 1, false}, {"min", 5, false}, {"max", 4, false},
	{"first", 1, false}, {"last", 1, false}, {"first", 1, true}, {"last", 1, true}, {"first", 3, false}, {"last", 4, true},
	{"avg", 2, false}, {"avg", 3, false}, {"avg", 6, false}}

// spillFiles lists the files under root.
func spillFiles(t *testing.T, root string) []string {
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func sameRows(t *testing.T, want, got [][]any) {
	t.Helper()
	w, g := rowsOf(want), rowsOf(got)
	if len(w) != len(g) {
		t.Fatalf("want %d groups, got %d", len(w), len(g))
	}
	for i := range w {
		if w[i] != g[i] {
			t.Fatalf("row %d:\nwant %s\n got %s", i, w[i], g[i])
		}
	}
}

// runSpilling aggregates batches of schema with a budget of budget bytes and a
// spill directory under root; it returns the rows and the operator's metrics.
func runSpilling(t *testing.T, mem memory.Allocator, schema types.Schema, batches []arrow.RecordBatch, in types.Schema, keys []int, fs []fn,
	mode sparkplan.AggregateMode, budget int64, root string) ([][]any, native.Metrics) {
	t.Helper()
	task := native.NewMemoryPool(budget).NewTask("t")
	dir := spill.NewDir([]string{root}, "t", spill.LZ4)
	defer dir.Remove()
	src := nativetest.NewSource(schema.ArrowSchema("UTC"), batches)
	op, err := hashagg.NewSpilling(src, specFor(t, in, keys, fs, mode, 1000), mem, 1, task.NewReservation("HashAggregate"), dir)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := nativetest.Drain(t, op)
	if left := task.Close(); left != 0 {
		t.Fatalf("reservation left: %d", left)
	}
	if files := spillFiles(t, root); len(files) != 0 {
		t.Fatalf("spill files left after Close: %v", files)
	}
	m := *op.Metrics()
	t.Logf("%d groups: %d spill files, %d bytes, spill %.1f ms, compute %.1f ms, peak %d", len(got[0]), m.SpillFiles, m.SpillBytes,
		float64(m.SpillNanos)/1e6, float64(m.ComputeNanos)/1e6, m.PeakMemoryBytes)
	if m.SpillFiles != dir.Metrics().Files {
		t.Fatalf("operator counts %d spill files, the directory %d", m.SpillFiles, dir.Metrics().Files)
	}
	return got, m
}

// Complete and Final aggregates refused by a small budget spill their groups
// and merge the partitions at the end: the same answer as in memory.
func TestFinalModesSpill(t *testing.T) {
	for _, keys := range [][]int{{0}, {0, 1}, {1}, {6, 5}} {
		t.Run(fmt.Sprint(keys), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			data := testData(30000, 20000, 11)
			// the keys {1} and {6, 5} have few groups: give them more by suffixing
			if keys[0] != 0 {
				for i := range data[6] {
					data[6][i] = int32(i % 3000)
				}
			}
			src := nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, data, 512))
			want, _ := nativetest.Drain(t, build(t, mem, src, testSchema, keys, spillFns, sparkplan.Complete, 1000))

			// Complete, spilling.
			got, m := runSpilling(t, mem, testSchema, nativetest.Batches(mem, testSchema, data, 300), testSchema, keys, spillFns,
				sparkplan.Complete, 512<<10, t.TempDir())
			if len(want[0]) > 2000 && m.SpillFiles == 0 {
				t.Fatalf("%d groups: nothing spilled", len(want[0]))
			}
			sameRows(t, want, got)
			if m.PeakMemoryBytes <= 0 || m.SpillBytes <= 0 && m.SpillFiles > 0 {
				t.Fatalf("metrics %+v", m)
			}

			// Partial (several map tasks, in memory), then Final spilling.
			bufSchema := intermediate(testSchema, keys, spillFns, true)
			var parts [][]any
			for from := 0; from < len(data[0]); from += 7000 {
				to := min(from+7000, len(data[0]))
				sub := make([][]any, len(data))
				for c := range data {
					sub[c] = data[c][from:to]
				}
				src := nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, sub, 1000))
				p, _ := nativetest.Drain(t, build(t, mem, src, testSchema, keys, spillFns, sparkplan.Partial, 999))
				if parts == nil {
					parts = p
				} else {
					for c := range parts {
						parts[c] = append(parts[c], p[c]...)
					}
				}
			}
			src = nativetest.NewSource(bufSchema.ArrowSchema("UTC"), nativetest.Batches(mem, bufSchema, parts, 400))
			wantFinal, _ := nativetest.Drain(t, build(t, mem, src, testSchema, keys, spillFns, sparkplan.Final, 1000))
			sameRows(t, want, wantFinal)
			gotFinal, m := runSpilling(t, mem, bufSchema, nativetest.Batches(mem, bufSchema, parts, 400), testSchema, keys, spillFns,
				sparkplan.Final, 512<<10, t.TempDir())
			if len(want[0]) > 2000 && m.SpillFiles == 0 {
				t.Fatalf("final: %d groups, nothing spilled", len(want[0]))
			}
			sameRows(t, wantFinal, gotFinal)
		})
	}
}

// With a budget that refuses partitions again, they spill again at the next
// level, and the answer is still the in-memory one.
func TestSpillRecurses(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	data := testData(60000, 1<<30, 5) // ~all distinct
	fs := []fn{{"count", 2, false}, {"sum", 2, false}, {"max", 1, false}, {"first", 3, false}}
	src := nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, data, 4096))
	want, _ := nativetest.Drain(t, build(t, mem, src, testSchema, []int{0}, fs, sparkplan.Complete, 4096))
	got, m := runSpilling(t, mem, testSchema, nativetest.Batches(mem, testSchema, data, 200), testSchema, []int{0}, fs,
		sparkplan.Complete, 96<<10, t.TempDir())
	// 60000 groups of ~60 bytes in 96 KB: 16 partitions do not fit either
	if m.SpillFiles <= 2*16 {
		t.Fatalf("%d spill files: expected a second level", m.SpillFiles)
	}
	sameRows(t, want, got)
}

// A budget too small for even one batch's groups fails with the budget's
// message, and leaves no spill file.
func TestSpillRefusedMinimum(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	data := testData(5000, 1000, 3)
	root := t.TempDir()
	task := native.NewMemoryPool(1 << 10).NewTask("t")
	dir := spill.NewDir([]string{root}, "t", spill.LZ4)
	defer dir.Remove()
	src := nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, data, 100))
	op, err := hashagg.NewSpilling(src, specFor(t, testSchema, []int{0}, spillFns, sparkplan.Complete, 100), mem, 1,
		task.NewReservation("HashAggregate"), dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := op.Open(ctx); err != nil {
		t.Fatal(err)
	}
	var runErr error
	for runErr == nil {
		b, err := op.Next(ctx)
		if b == nil && err == nil {
			break
		}
		if b != nil {
			b.Release()
		}
		runErr = err
	}
	op.Close()
	if runErr == nil || !strings.Contains(runErr.Error(), "spark.ember.memory") {
		t.Fatalf("want the budget's refusal, got %v", runErr)
	}
	if left := task.Close(); left != 0 {
		t.Fatalf("reservation left: %d", left)
	}
	if files := spillFiles(t, root); len(files) != 0 {
		t.Fatalf("spill files left: %v", files)
	}
}

// failingSource returns its batches, then an error.
type failingSource struct{ *nativetest.Source }

var errChild = errors.New("child failed")

func (s failingSource) Next(ctx context.Context) (arrow.RecordBatch, error) {
	b, err := s.Source.Next(ctx)
	if b == nil && err == nil {
		return nil, errChild
	}
	return b, err
}

// A child failing after the aggregate spilled: the error comes out, and Close
// deletes every spill file (before the task's directory is removed).
func TestSpillChildFails(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	data := testData(30000, 20000, 7)
	root := t.TempDir()
	task := native.NewMemoryPool(512 << 10).NewTask("t")
	dir := spill.NewDir([]string{root}, "t", spill.LZ4)
	defer dir.Remove()
	src := failingSource{nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, data, 300))}
	op, err := hashagg.NewSpilling(src, specFor(t, testSchema, []int{0}, spillFns, sparkplan.Complete, 100), mem, 1,
		task.NewReservation("HashAggregate"), dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	op.Open(ctx)
	_, err = op.Next(ctx)
	if !errors.Is(err, errChild) {
		t.Fatalf("want the child's error, got %v", err)
	}
	if op.Metrics().SpillFiles == 0 {
		t.Fatal("nothing spilled before the failure")
	}
	op.Close()
	if files := spillFiles(t, root); len(files) != 0 {
		t.Fatalf("spill files left after Close: %v", files)
	}
	if left := task.Close(); left != 0 {
		t.Fatalf("reservation left: %d", left)
	}
}
