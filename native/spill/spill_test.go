package spill

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func TestSpillRoundTripAndRemove(t *testing.T) {
	for _, codec := range []Codec{LZ4, Zstd, None} {
		t.Run(string(codec), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			roots := []string{t.TempDir(), t.TempDir()}
			dir := NewDir(roots, "stage-1-task-7", codec)
			schema := arrow.NewSchema([]arrow.Field{
				{Name: "k", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
				{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
			}, nil)
			b := array.NewRecordBuilder(mem, schema)
			defer b.Release()
			for i := 0; i < 5000; i++ {
				if i%9 == 0 {
					b.Field(0).AppendNull()
				} else {
					b.Field(0).(*array.Int64Builder).Append(int64(i))
				}
				b.Field(1).(*array.StringBuilder).Append("value")
			}
			rec := b.NewRecordBatch()
			defer rec.Release()

			w, err := dir.Create(schema, mem)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 3; i++ {
				if err := w.Write(rec); err != nil {
					t.Fatal(err)
				}
			}
			f, err := w.Finish()
			if err != nil {
				t.Fatal(err)
			}
			if f.Rows != 15000 || f.Bytes <= 0 {
				t.Fatalf("file %+v", f)
			}
			r, err := f.Open(mem)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for {
				got, err := r.Next()
				if err != nil {
					t.Fatal(err)
				}
				if got == nil {
					break
				}
				if !array.RecordEqual(got, rec) {
					t.Fatal("batch read back differs")
				}
				got.Release()
				n++
			}
			if err := r.Close(); err != nil || n != 3 {
				t.Fatalf("read %d batches, close: %v", n, err)
			}
			if m := dir.Metrics(); m.Files != 1 || m.Bytes != f.Bytes || m.Nanos <= 0 {
				t.Fatalf("metrics %+v", m)
			}
			// An unfinished file is deleted by Abort; Remove deletes the task's directory.
			w2, err := dir.Create(schema, mem)
			if err != nil {
				t.Fatal(err)
			}
			w2.Abort()
			if _, err := os.Stat(w2.path); !os.IsNotExist(err) {
				t.Fatalf("aborted file still there: %v", err)
			}
			if err := dir.Remove(); err != nil {
				t.Fatal(err)
			}
			for _, root := range roots {
				left, _ := filepath.Glob(filepath.Join(root, "*"))
				if len(left) != 0 {
					t.Fatalf("spill files left after Remove: %v", left)
				}
			}
			if _, err := dir.Create(schema, mem); err == nil {
				t.Fatal("created a file after Remove")
			}
		})
	}
}

func TestSpillCorruptFileIsAnError(t *testing.T) {
	mem := memory.NewGoAllocator()
	dir := NewDir([]string{t.TempDir()}, "t", LZ4)
	defer dir.Remove()
	schema := arrow.NewSchema([]arrow.Field{{Name: "k", Type: arrow.PrimitiveTypes.Int64}}, nil)
	w, err := dir.Create(schema, mem)
	if err != nil {
		t.Fatal(err)
	}
	f, err := w.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.Path, []byte("not arrow"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r, err := f.Open(mem); err == nil {
		_, err = r.Next()
		r.Close()
		if err == nil {
			t.Fatal("a corrupt spill file read without error")
		}
	}
	if _, err := ParseCodec("snappy"); err == nil {
		t.Fatal("unknown codec accepted")
	}
}
