package hashagg_test

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native/hashagg"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan"
)

// skipping builds a Partial or PartialMerge aggregate with PartialSkip and
// drains it over cols (laid out as schema in).
func skipping(t *testing.T, mem memory.Allocator, cols [][]any, keys []int, fs []fn, mode sparkplan.AggregateMode, batch int, skip hashagg.PartialSkip) [][]any {
	t.Helper()
	in := testSchema
	if !mode.ReadsArgs() {
		in = intermediate(testSchema, keys, fs, true)
	}
	spec := specFor(t, testSchema, keys, fs, mode, batch)
	spec.PartialSkip = &skip
	src := nativetest.NewSource(in.ArrowSchema("UTC"), nativetest.Batches(mem, in, cols, batch))
	op, err := hashagg.New(src, spec, mem, 1)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := nativetest.Drain(t, op)
	return got
}

// A partial aggregate whose groups do not reduce its rows passes them
// through after MinRows: the groups of the rows seen so far, then one row per
// later row; the final aggregate still gives the complete answer. One that
// does reduce its rows keeps grouping, and so does one that sums doubles.
func TestPartialSkip(t *testing.T) {
	exact := []fn{{"count", 2, false}, {"sum", 2, false}, {"min", 3, false}, {"max", 5, false}, {"avg", 4, false},
		{"first", 1, true}, {"last", 1, false}, {"min", 1, false}, {"max", 1, false}, {"sum", 4, false}, {"max", 3, false}}
	floating := append([]fn{{"var_samp", 3, false}}, exact...)
	for _, tc := range []struct {
		keys    []int
		card    int
		fs      []fn
		passing bool
	}{{[]int{0}, 100000, exact, true}, {[]int{0, 1}, 100000, exact, true}, {[]int{0}, 30, exact, false},
		{[]int{6, 5}, 100000, exact, false}, {[]int{0}, 100000, floating, false}, {[]int{0}, 100000, []fn{{"sum", 3, false}}, false}} {
		fs := tc.fs
		t.Run(fmt.Sprint(tc.keys, tc.card, len(tc.fs)), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			const rows, batch, minRows = 3000, 100, 500
			data := testData(rows, tc.card, 5)
			complete := func(cols [][]any) [][]any {
				src := nativetest.NewSource(testSchema.ArrowSchema("UTC"), nativetest.Batches(mem, testSchema, cols, 256))
				got, _ := nativetest.Drain(t, build(t, mem, src, testSchema, tc.keys, fs, sparkplan.Complete, 64))
				return got
			}
			want := complete(data)
			skip := hashagg.PartialSkip{MinRows: minRows, MaxGroupRatio: 0.5}
			parts := skipping(t, mem, data, tc.keys, fs, sparkplan.Partial, batch, skip)

			head := make([][]any, len(data))
			for c := range data {
				head[c] = data[c][:minRows]
			}
			headGroups := len(complete(head)[0])
			wantRows := len(want[0])
			if tc.passing {
				wantRows = headGroups + rows - minRows
			}
			if got := len(parts[0]); got != wantRows {
				t.Fatalf("%d partial rows, want %d (groups %d, of the first %d rows %d)", got, wantRows, len(want[0]), minRows, headGroups)
			}

			// A partial-merge aggregate with the same rule sees one partial
			// row per key mostly, so it passes them through as well.
			merged := skipping(t, mem, parts, tc.keys, fs, sparkplan.PartialMerge, batch, skip)
			bufSchema := intermediate(testSchema, tc.keys, fs, true)
			src := nativetest.NewSource(bufSchema.ArrowSchema("UTC"), nativetest.Batches(mem, bufSchema, merged, 77))
			final, _ := nativetest.Drain(t, build(t, mem, src, testSchema, tc.keys, fs, sparkplan.Final, 64))
			gc, fc := rowsOf(want), rowsOf(final)
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
