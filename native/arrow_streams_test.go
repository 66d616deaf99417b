package native_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// writeStream appends one complete IPC stream of batches (lz4) to buf.
func writeStream(t *testing.T, buf *bytes.Buffer, schema *arrow.Schema, batches []arrow.RecordBatch) {
	t.Helper()
	w := ipc.NewWriter(buf, ipc.WithSchema(schema), ipc.WithLZ4())
	for _, b := range batches {
		if err := w.Write(b); err != nil {
			t.Fatal(err)
		}
		b.Release()
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// Concatenated streams (native shuffle blocks) read as one input: streams of no batch are
// skipped, and columns named otherwise (a reused exchange) come out under the leaf's schema.
func TestStreamsSource(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	want := types.Schema{{Name: "k", Type: types.IntType, Nullable: true}, {Name: "s", Type: types.StringType, Nullable: true}}
	other := types.Schema{{Name: "k2", Type: types.IntType, Nullable: true}, {Name: "s2", Type: types.StringType, Nullable: true}}
	var buf bytes.Buffer
	writeStream(t, &buf, want.ArrowSchema("UTC"), nativetest.Batches(mem, want, [][]any{{int32(1), nil}, {"a", "b"}}, 1))
	writeStream(t, &buf, want.ArrowSchema("UTC"), nil)
	writeStream(t, &buf, other.ArrowSchema("UTC"), nativetest.Batches(mem, other, [][]any{{int32(3)}, {nil}}, 5))
	schema := want.ArrowSchema("UTC")
	data := buf.Bytes()
	leaf := native.NewArrowInput(func(context.Context) (native.RecordSource, error) {
		return native.NewStreamsSource(bytes.NewReader(data), schema, mem), nil
	}, schema, 1)
	if err := leaf.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, batches := nativetest.Drain(t, leaf)
	nativetest.CheckColumns(t, got, [][]any{{int32(1), nil, int32(3)}, {"a", "b", nil}})
	if batches != 3 {
		t.Errorf("%d batches, want 3", batches)
	}
	leaf.Close()

	// A stream of other column types is an error, not a panic.
	bad := types.Schema{{Name: "k", Type: types.LongType, Nullable: true}, {Name: "s", Type: types.StringType, Nullable: true}}
	buf.Reset()
	writeStream(t, &buf, bad.ArrowSchema("UTC"), nativetest.Batches(mem, bad, [][]any{{int64(1)}, {"x"}}, 1))
	src := native.NewStreamsSource(bytes.NewReader(buf.Bytes()), schema, mem)
	if src.Next() || src.Err() == nil || !strings.Contains(src.Err().Error(), "column 0") {
		t.Errorf("want a column type error, got %v", src.Err())
	}
	src.Release()
}
