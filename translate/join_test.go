package translate

import (
	"context"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// batchSource feeds prepared batches to an ArrowInput leaf, as the JVM's
// stream does.
type batchSource struct {
	batches []arrow.RecordBatch
	cur     arrow.RecordBatch
}

func (s *batchSource) Next() bool {
	if s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
	if len(s.batches) == 0 {
		return false
	}
	s.cur, s.batches = s.batches[0], s.batches[1:]
	return true
}
func (s *batchSource) RecordBatch() arrow.RecordBatch { return s.cur }
func (s *batchSource) Err() error                     { return nil }

// joinOverScan is a broadcast hash join as the plugin sends it: the stream
// side a Parquet scan of a = 0..999 (every 10th NULL) on the left, the build
// side the JVM's rows of b on the right.
func joinOverScan(t *testing.T, typ sparkplan.JoinType, nullAware, buildHasNullKey bool) (sparkplan.Node, types.Schema) {
	t.Helper()
	path := writeInts(t, 1000)
	st, _ := os.Stat(path)
	left := types.Schema{{Name: "a", Type: types.IntType, Nullable: true}}
	scan := must(sparkplan.NewParquetScan(3, left, nil,
		[]sparkplan.FileSplit{{Path: "file://" + path, Start: 0, Length: st.Size(), FileSize: st.Size()}}, false))
	right := types.Schema{{Name: "b", Type: types.IntType, Nullable: true}}
	in := must(sparkplan.NewArrowInput(2, right))
	output := append(append(types.Schema(nil), left...), right...)
	if typ == sparkplan.LeftSemiJoin || typ == sparkplan.LeftAntiJoin {
		output = left
	}
	j := must(sparkplan.NewHashJoin(1, scan, in, typ,
		[]sparkplan.Expr{must(sparkplan.NewColumnRef(left, 0, "a"))},
		[]sparkplan.Expr{must(sparkplan.NewColumnRef(right, 0, "b"))},
		nil, false, nullAware, buildHasNullKey, output))
	return j, right
}

func runJoin(t *testing.T, root sparkplan.Node, buildSchema types.Schema, build [][]any) [][]any {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	src := &batchSource{batches: nativetest.Batches(mem, buildSchema, build, 2)}
	env := Env{Mem: mem, Input: func(context.Context, int) (native.RecordSource, error) { return src, nil }}
	op, err := Build(&sparkplan.Task{Root: root, BatchSize: 64, SessionTimeZone: "UTC"}, env)
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := nativetest.Drain(t, op)
	for src.Next() {
	}
	return cols
}

// The build side (the ArrowInput) is read whole, duplicates and NULL keys
// included; the scan streams through it.
func TestBuildHashJoin(t *testing.T) {
	build := [][]any{{int32(5), nil, int32(7), int32(5), int32(2000)}}

	root, rs := joinOverScan(t, sparkplan.InnerJoin, false, false)
	nativetest.CheckColumns(t, runJoin(t, root, rs, build),
		[][]any{{int32(5), int32(5), int32(7)}, {int32(5), int32(5), int32(7)}})

	root, rs = joinOverScan(t, sparkplan.LeftSemiJoin, false, false)
	nativetest.CheckColumns(t, runJoin(t, root, rs, build), [][]any{{int32(5), int32(7)}})

	root, rs = joinOverScan(t, sparkplan.LeftOuterJoin, false, false)
	if got := runJoin(t, root, rs, build); len(got[0]) != 1001 {
		t.Errorf("left outer join: %d rows, want 1001 (1000 and one more for the duplicate key 5)", len(got[0]))
	}
}

// NOT IN: a NULL in the subquery's rows (sent as a flag, since Spark's
// relation keeps no rows then) leaves nothing; an empty build side keeps
// every row, NULL keys included.
func TestBuildNullAwareAntiJoin(t *testing.T) {
	root, rs := joinOverScan(t, sparkplan.LeftAntiJoin, true, true)
	if got := runJoin(t, root, rs, [][]any{{}}); len(got[0]) != 0 {
		t.Errorf("build side with a NULL key: %d rows, want none", len(got[0]))
	}
	root, rs = joinOverScan(t, sparkplan.LeftAntiJoin, true, false)
	if got := runJoin(t, root, rs, [][]any{{}}); len(got[0]) != 1000 {
		t.Errorf("empty build side: %d rows, want 1000", len(got[0]))
	}
	root, rs = joinOverScan(t, sparkplan.LeftAntiJoin, true, false)
	if got := runJoin(t, root, rs, [][]any{{int32(1), int32(2)}}); len(got[0]) != 898 {
		t.Errorf("build side 1, 2: %d rows, want 898 (no NULL keys, no 1 or 2)", len(got[0]))
	}
}
