package native_test

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// TestLimit: rows [offset, limit) of the child (LocalLimitExec: offset 0;
// GlobalLimitExec: iter.slice(offset, limit), or iter.drop(offset) when limit
// is -1), and the child is read no further than needed.
func TestLimit(t *testing.T) {
	s := types.Schema{{Name: "x", Type: types.LongType, Nullable: true}, {Name: "s", Type: types.StringType, Nullable: true}}
	n := 100
	cols := [][]any{make([]any, n), make([]any, n)}
	for i := 0; i < n; i++ {
		cols[0][i] = int64(i)
		cols[1][i] = []any{"a", nil, "ccc"}[i%3]
	}
	cases := []struct{ limit, offset int64 }{
		{0, 0}, {1, 0}, {7, 0}, {8, 0}, {50, 0}, {100, 0}, {1000, 0},
		{10, 3}, {10, 10}, {10, 20}, {-1, 5}, {-1, 100}, {-1, 0}, {99, 98}, {200, 99},
	}
	for _, bs := range []int{1, 7, 8, 8192} {
		for _, c := range cases {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			src := nativetest.NewSource(s.ArrowSchema("UTC"), nativetest.Batches(mem, s, cols, bs))
			op := native.NewLimit(src, c.limit, c.offset, mem, 3)
			got, _ := nativetest.Drain(t, op)
			hi := int64(n)
			if c.limit >= 0 {
				hi = min(hi, c.limit)
			}
			lo := min(c.offset, hi)
			want := [][]any{cols[0][lo:hi], cols[1][lo:hi]}
			nativetest.CheckColumns(t, got, want)
			// The child was read only as far as the limit's batch.
			read := src.Metrics().OutputRows
			if c.limit >= 0 && read > min(int64(n), (c.limit+int64(bs)-1)/int64(bs)*int64(bs)) {
				t.Fatalf("limit %d, batch %d: read %d rows of the child", c.limit, bs, read)
			}
			if m := op.Metrics(); m.OutputRows != hi-lo || m.PlanID != 3 {
				t.Fatalf("metrics %+v", m)
			}
			if !src.Closed {
				t.Fatal("child not closed")
			}
			mem.AssertSize(t, 0)
		}
	}
}
