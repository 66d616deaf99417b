package shuffle_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/hash"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/shuffle"
	"github.com/ember-spark/ember/sparkplan/types"
)

var schema = types.Schema{
	{Name: "k", Type: types.LongType, Nullable: true},
	{Name: "s", Type: types.StringType, Nullable: true},
	{Name: "i", Type: types.IntType, Nullable: false},
}

// data: n rows; k repeats (so partitions have several rows), s and k have nulls.
func data(n int) [][]any {
	cols := make([][]any, 3)
	for i := 0; i < n; i++ {
		var k, s any = int64(i%97) - 40, fmt.Sprintf("row-%d", i)
		if i%13 == 5 {
			k = nil
		}
		if i%11 == 2 {
			s = nil
		}
		cols[0] = append(cols[0], k)
		cols[1] = append(cols[1], s)
		cols[2] = append(cols[2], int32(i))
	}
	return cols
}

// sparkPartition is HashPartitioning's partition of key k, from the scalar
// Murmur3 (checked against Spark's values in kernels/hash).
func sparkPartition(k any, n int32) int32 {
	h := int32(42)
	if k != nil {
		h = hash.Murmur3Long(k.(int64), 42)
	}
	r := h % n
	if r < 0 {
		r += n
	}
	return r
}

// readPartitions reads every partition of a data file through its index.
func readPartitions(t *testing.T, data, index string, mem memory.Allocator) [][][]any {
	t.Helper()
	offs, err := shuffle.ReadIndex(index)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(data)
	if err != nil {
		t.Fatal(err)
	}
	if offs[len(offs)-1] != st.Size() {
		t.Fatalf("index ends at %d, data file has %d bytes", offs[len(offs)-1], st.Size())
	}
	var out [][][]any
	for p := 0; p+1 < len(offs); p++ {
		seg := shuffle.Segment{Path: data, Offset: offs[p], Length: offs[p+1] - offs[p]}
		op := shuffle.NewBlockScan([]shuffle.Segment{seg}, schema.ArrowSchema("UTC"), mem, 3)
		cols, _ := nativetest.Drain(t, op)
		out = append(out, cols)
	}
	return out
}

func writeAll(t *testing.T, w *shuffle.Writer, cols [][]any, batch int, mem memory.Allocator, dir string) (string, string, []int64) {
	t.Helper()
	for _, b := range nativetest.Batches(mem, schema, cols, batch) {
		if err := w.Write(t.Context(), b); err != nil {
			t.Fatal(err)
		}
		b.Release()
	}
	dataPath, indexPath := filepath.Join(dir, "shuffle_0_1_0.data"), filepath.Join(dir, "shuffle_0_1_0.index")
	lengths, err := w.Finish(dataPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := shuffle.WriteIndex(indexPath, lengths); err != nil {
		t.Fatal(err)
	}
	return dataPath, indexPath, lengths
}

// Every row lands in Spark's hash partition of its key, each partition keeps
// the map task's row order, and nothing is lost; the same with a budget so
// small that the writer spills runs, and with each codec.
func TestHashPartitionedWrite(t *testing.T) {
	const n, parts = 5000, 7
	cols := data(n)
	for _, c := range []struct {
		name   string
		budget int64
		flush  int64
		codec  spill.Codec
	}{
		{"in memory", 1 << 30, 0, spill.LZ4},
		{"flush often", 1 << 30, 4096, spill.Zstd},
		{"spill runs", 20 << 10, 4096, spill.LZ4},
		{"no compression", 1 << 30, 0, spill.None},
	} {
		t.Run(c.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dir := t.TempDir()
			sdir := spill.NewDir([]string{dir}, "t1", spill.LZ4)
			defer sdir.Remove()
			task := native.NewMemoryPool(c.budget).NewTask("t1")
			key, err := expr.NewColumn(0, types.LongType)
			if err != nil {
				t.Fatal(err)
			}
			part := &shuffle.Hash{Keys: []expr.Evaluator{key}, N: parts}
			w, err := shuffle.NewWriter(schema.ArrowSchema("UTC"), part, mem,
				shuffle.Options{Codec: c.codec, FlushBytes: c.flush}, 3, task.NewReservation("ShuffleWrite"), sdir)
			if err != nil {
				t.Fatal(err)
			}
			dataPath, indexPath, lengths := writeAll(t, w, cols, 100, mem, dir)
			if len(lengths) != parts {
				t.Fatalf("%d lengths", len(lengths))
			}
			got := readPartitions(t, dataPath, indexPath, mem)
			seen := 0
			for p, pc := range got {
				last := int32(-1)
				for r := range pc[0] {
					if sp := sparkPartition(pc[0][r], parts); sp != int32(p) {
						t.Fatalf("key %v in partition %d, Spark puts it in %d", pc[0][r], p, sp)
					}
					i := pc[2][r].(int32)
					if i <= last {
						t.Fatalf("partition %d: row %d after row %d", p, i, last)
					}
					last = i
					if pc[0][r] != cols[0][i] || pc[1][r] != cols[1][i] {
						t.Fatalf("row %d: got (%v, %v), want (%v, %v)", i, pc[0][r], pc[1][r], cols[0][i], cols[1][i])
					}
					seen++
				}
			}
			if seen != n {
				t.Fatalf("%d rows read back, %d written", seen, n)
			}
			m := w.Metrics()
			if m.OutputRows != n {
				t.Fatalf("metrics: %+v", m)
			}
			if c.name == "spill runs" && m.SpillFiles == 0 {
				t.Fatalf("no run spilled: %+v", m)
			}
			if left := task.Close(); left != 0 {
				t.Fatalf("reservation left: %d", left)
			}
			runs, _ := filepath.Glob(filepath.Join(dir, "ember-spill-*", "*"))
			if len(runs) != 0 {
				t.Fatalf("runs left: %v", runs)
			}
		})
	}
}

// Round robin spreads a map task's rows evenly from the JVM's start position;
// a single partition gets every row.
func TestRoundRobinAndSingle(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	cols := data(1003)
	for _, c := range []struct {
		part shuffle.Partitioner
		want func(row int) int32
	}{
		{&shuffle.RoundRobin{N: 4, Start: 2}, func(row int) int32 { return int32((2 + row + 1) % 4) }},
		{shuffle.Single{}, func(int) int32 { return 0 }},
	} {
		dir := t.TempDir()
		w, err := shuffle.NewWriter(schema.ArrowSchema("UTC"), c.part, mem, shuffle.Options{}, 3, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		dataPath, indexPath, _ := writeAll(t, w, cols, 64, mem, dir)
		got := readPartitions(t, dataPath, indexPath, mem)
		var rows []int
		for p, pc := range got {
			for _, v := range pc[2] {
				i := int(v.(int32))
				if want := c.want(i); want != int32(p) {
					t.Fatalf("%T: row %d in partition %d, want %d", c.part, i, p, want)
				}
				rows = append(rows, i)
			}
		}
		sort.Ints(rows)
		if len(rows) != 1003 || rows[0] != 0 || rows[1002] != 1002 {
			t.Fatalf("%T: %d rows back", c.part, len(rows))
		}
	}
}

// A damaged block is an error, never a panic; an index that is not one is
// refused.
func TestCorruptBlock(t *testing.T) {
	// Not a checked allocator: arrow-go's IPC reader does not release a body
	// buffer whose decompression fails (the Go allocator's memory is
	// collected anyway).
	mem := memory.NewGoAllocator()
	dir := t.TempDir()
	w, err := shuffle.NewWriter(schema.ArrowSchema("UTC"), shuffle.Single{}, mem, shuffle.Options{}, 3, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dataPath, _, lengths := writeAll(t, w, data(500), 100, mem, dir)
	raw, err := os.ReadFile(dataPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, damage := range []func([]byte) []byte{
		func(b []byte) []byte { return b[:len(b)/2] },
		func(b []byte) []byte {
			c := append([]byte(nil), b...)
			for i := len(c) / 3; i < len(c)/3+64; i++ {
				c[i] ^= 0x5a
			}
			return c
		},
		func(b []byte) []byte { return append([]byte("not arrow"), b...) },
	} {
		bad := damage(raw)
		path := filepath.Join(dir, "bad.data")
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		op := shuffle.NewBlockScan([]shuffle.Segment{{Path: path, Length: min(lengths[0], int64(len(bad)))}},
			schema.ArrowSchema("UTC"), mem, 3)
		var failed error
		for failed == nil {
			rec, err := op.Next(t.Context())
			if err != nil {
				failed = err
				break
			}
			if rec == nil {
				break
			}
			rec.Release()
		}
		op.Close()
		if failed == nil {
			t.Fatalf("a damaged block read without error")
		}
	}
	path := filepath.Join(dir, "bad.index")
	os.WriteFile(path, []byte{0, 0, 0, 0, 0, 0, 0, 5}, 0o644)
	if _, err := shuffle.ReadIndex(path); err == nil {
		t.Fatal("a bad index was accepted")
	}
}
