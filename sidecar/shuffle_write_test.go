package sidecar

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/ember-spark/ember/kernels/hash"
	planv1 "github.com/ember-spark/ember/proto/gen/ember/plan/v1"
	"github.com/ember-spark/ember/shuffle"
	"github.com/ember-spark/ember/sparkplan"
)

// shuffleWritePlan is arrowInputPlan's rows written as a shuffle data file.
func shuffleWritePlan(id, path string, part func(*planv1.ShuffleWrite), codec string) *planv1.TaskPlan {
	p := arrowInputPlan(id)
	w := &planv1.ShuffleWrite{PlanId: 9, Schema: p.Root.GetArrowInput().GetSchema(), Codec: codec, DataPath: path}
	part(w)
	p.ShuffleWrite = w
	return p
}

func hashOnID(n int32) func(*planv1.ShuffleWrite) {
	return func(w *planv1.ShuffleWrite) {
		w.Partitioning = &planv1.ShuffleWrite_Hash{Hash: &planv1.HashPartitioning{NumPartitions: n, Keys: []*planv1.Expr{{
			DataType: &planv1.DataType{Id: planv1.TypeId_TYPE_ID_LONG},
			Kind:     &planv1.Expr_Column{Column: &planv1.BoundReference{Ordinal: 0}}}}}}
	}
}

// rangeOnID range-partitions by id (ascending, NULLs first) with bounds,
// shipped as the JVM ships them: an Arrow IPC stream of the key column;
// numPartitions is set apart, to test a mismatch.
func rangeOnID(bounds []int64, numPartitions int32) func(*planv1.ShuffleWrite) {
	mem := memory.NewGoAllocator()
	b := array.NewInt64Builder(mem)
	b.AppendValues(bounds, nil)
	col := b.NewArray()
	b.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: "k0", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, int64(col.Len()))
	col.Release()
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema))
	if err := w.Write(rec); err != nil {
		panic(err)
	}
	rec.Release()
	if err := w.Close(); err != nil {
		panic(err)
	}
	return func(w *planv1.ShuffleWrite) {
		w.Partitioning = &planv1.ShuffleWrite_Range{Range: &planv1.RangePartitioning{
			NumPartitions: numPartitions, Bounds: buf.Bytes(),
			Keys: []*planv1.SortKey{{NullsFirst: true, Expr: &planv1.Expr{
				DataType: &planv1.DataType{Id: planv1.TypeId_TYPE_ID_LONG},
				Kind:     &planv1.Expr_Column{Column: &planv1.BoundReference{Ordinal: 0}}}}}}}
	}
}

// rangeBounds are the bounds of the round trip's range partitioning.
var rangeBounds = []int64{500, 1200, 2500}

// idsOf returns the id column's values of recs (-1 for NULL), sorted.
func idsOf(recs []arrow.RecordBatch) []int64 {
	var ids []int64
	for _, r := range recs {
		c := r.Column(0).(*array.Int64)
		for i := 0; i < c.Len(); i++ {
			if c.IsNull(i) {
				ids = append(ids, -1)
			} else {
				ids = append(ids, c.Value(i))
			}
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// A plan with a ShuffleWrite writes the rows as a data file of self-contained
// blocks, returns their lengths, and the blocks read back (by the block scan,
// and as one concatenated-streams ArrowInput, as a reduce task reads them) are
// the rows written, each key in one partition.
func TestShuffleWriteRoundTrip(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema, in := testBatches(mem, 3, 1000, true)
	defer func() {
		for _, r := range in {
			r.Release()
		}
	}()
	want := idsOf(in)
	parts := map[string]func(*planv1.ShuffleWrite){
		"hash": hashOnID(7),
		"single": func(w *planv1.ShuffleWrite) {
			w.Partitioning = &planv1.ShuffleWrite_Single{Single: &planv1.SinglePartitioning{}}
		},
		"roundrobin": func(w *planv1.ShuffleWrite) {
			w.Partitioning = &planv1.ShuffleWrite_RoundRobin{RoundRobin: &planv1.RoundRobinPartitioning{NumPartitions: 5, Start: 3}}
		},
		"range": rangeOnID(rangeBounds, int32(len(rangeBounds)+1)),
	}
	for name, part := range parts {
		for _, codec := range []string{"", "zstd"} {
			t.Run(name+"/"+codec, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "shuffle_0_0_0.data.tmp")
				out, result, err := execute(authed(t), c, shuffleWritePlan("w-"+name+codec, path, part, codec), encodeIPC(t, schema, in))
				if err != nil {
					t.Fatal(err)
				}
				if len(out) != 0 {
					t.Errorf("a shuffle write returned %d bytes of Arrow output", len(out))
				}
				sw := result.GetShuffleWrite()
				if sw == nil || sw.GetRows() != 3000 {
					t.Fatalf("shuffle write result %v", sw)
				}
				lengths := sw.GetPartitionLengths()
				st, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				var total, off int64
				var segs []shuffle.Segment
				var got []arrow.RecordBatch
				for pid, l := range lengths {
					total += l
					seg := shuffle.Segment{Path: path, Offset: off, Length: l}
					segs = append(segs, seg)
					off += l
					// Each partition's block alone.
					scan := shuffle.NewBlockScan([]shuffle.Segment{seg}, schema, mem, 1)
					var part []arrow.RecordBatch
					for {
						rec, err := scan.Next(context.Background())
						if err != nil {
							t.Fatal(err)
						}
						if rec == nil {
							break
						}
						part = append(part, rec)
					}
					scan.Close()
					if name == "hash" {
						for _, r := range part {
							if pids := sparkPartitions(t, r.Column(0), 7); !allEqual(pids, int32(pid)) {
								t.Errorf("partition %d holds rows of partitions %v", pid, pids)
							}
						}
					}
					if name == "range" {
						if len(lengths) != len(rangeBounds)+1 {
							t.Fatalf("%d partitions for %d bounds", len(lengths), len(rangeBounds))
						}
						for _, id := range idsOf(part) {
							// NULL (-1) first; else the number of bounds below the id.
							want := 0
							for id >= 0 && want < len(rangeBounds) && id > rangeBounds[want] {
								want++
							}
							if want != pid {
								t.Errorf("id %d in partition %d, want %d", id, pid, want)
							}
						}
					}
					got = append(got, part...)
				}
				if total != st.Size() {
					t.Errorf("lengths sum to %d, file has %d bytes", total, st.Size())
				}
				if g := idsOf(got); len(g) != len(want) || !equalInts(g, want) {
					t.Errorf("block scan read %d rows, want %d", len(g), len(want))
				}
				for _, r := range got {
					r.Release()
				}
				// The whole file forwarded as one concatenated-streams input.
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				read := arrowInputPlan("r-" + name + codec)
				read.Root.GetArrowInput().ConcatenatedStreams = true
				rout, _, err := execute(authed(t), c, read, [][]byte{data[:len(data)/2], data[len(data)/2:]})
				if err != nil {
					t.Fatal(err)
				}
				back := readAll(t, rout)
				if g := idsOf(back); !equalInts(g, want) {
					t.Errorf("concatenated input read %d rows, want %d", len(g), len(want))
				}
				for _, r := range back {
					r.Release()
				}
			})
		}
	}
}

// sparkPartitions is pmod(murmur3(col, 42), n) of each row (kernels/hash,
// checked against Spark's Murmur3Hash there).
func sparkPartitions(t *testing.T, col arrow.Array, n int32) []int32 {
	hashes := make([]int32, col.Len())
	for i := range hashes {
		hashes[i] = 42
	}
	if err := hash.Murmur3(hashes, col); err != nil {
		t.Fatal(err)
	}
	out := make([]int32, col.Len())
	hash.PartitionIDs(hashes, n, out)
	return out
}

func allEqual(xs []int32, v int32) bool {
	for _, x := range xs {
		if x != v {
			return false
		}
	}
	return true
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A concatenated-streams input with no bytes (every map task's block of the
// partition was empty) is an input of no rows.
func TestConcatenatedStreamsInputMayBeEmpty(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	read := arrowInputPlan("empty-blocks")
	read.Root.GetArrowInput().ConcatenatedStreams = true
	out, result, err := execute(authed(t), c, read, nil)
	if err != nil {
		t.Fatal(err)
	}
	if recs := readAll(t, out); len(recs) != 0 {
		t.Errorf("got %d batches from no blocks", len(recs))
	}
	if result == nil {
		t.Error("no task result")
	}
}

// A ShuffleWrite whose schema or partitioning does not fit the plan is rejected
// when the plan is decoded.
func TestMalformedShuffleWrites(t *testing.T) {
	p := startSidecar(t)
	c := dial(t, p.socket)
	path := filepath.Join(t.TempDir(), "x.data")
	bad := map[string]*planv1.TaskPlan{
		"no partitioning": shuffleWritePlan("m1", path, func(*planv1.ShuffleWrite) {}, ""),
		"zero partitions": shuffleWritePlan("m2", path, hashOnID(0), ""),
		"bad codec":       shuffleWritePlan("m3", path, hashOnID(3), "snappy"),
		"no path":         shuffleWritePlan("m4", "", hashOnID(3), ""),
		"start outside": shuffleWritePlan("m5", path, func(w *planv1.ShuffleWrite) {
			w.Partitioning = &planv1.ShuffleWrite_RoundRobin{RoundRobin: &planv1.RoundRobinPartitioning{NumPartitions: 2, Start: 2}}
		}, ""),
		"range without keys": shuffleWritePlan("m10", path, func(w *planv1.ShuffleWrite) {
			rangeOnID([]int64{1}, 2)(w)
			w.GetRange().Keys = nil
		}, ""),
		"range key outside the row": shuffleWritePlan("m11", path, func(w *planv1.ShuffleWrite) {
			rangeOnID([]int64{1}, 2)(w)
			w.GetRange().Keys[0].Expr.GetColumn().Ordinal = 9
		}, ""),
	}
	// Range bounds that do not fit the keys or the partition count are
	// refused before any row is read, with the reason.
	for name, plan := range map[string]*planv1.TaskPlan{
		"range bounds count": shuffleWritePlan("m7", path, rangeOnID([]int64{1}, 3), ""),
		"range bounds order": shuffleWritePlan("m8", path, rangeOnID([]int64{5, 1}, 3), ""),
		"range bounds bytes": shuffleWritePlan("m9", path, func(w *planv1.ShuffleWrite) {
			rangeOnID([]int64{1}, 2)(w)
			w.GetRange().Bounds = []byte("no stream")
		}, ""),
	} {
		_, _, err := execute(authed(t), c, plan, nil)
		if status.Code(err) != codes.Unimplemented || !strings.Contains(status.Convert(err).Message(), "range") {
			t.Errorf("%s: want the writer refused, got %v", name, err)
		}
	}
	short := shuffleWritePlan("m6", path, hashOnID(3), "")
	short.ShuffleWrite.Schema = &planv1.Schema{Fields: short.ShuffleWrite.Schema.Fields[:2]}
	bad["schema"] = short
	for name, plan := range bad {
		if _, _, err := execute(authed(t), c, plan, nil); status.Code(err) != codes.InvalidArgument {
			t.Errorf("%s: want InvalidArgument, got %v", name, err)
		}
	}
	if sparkplan.MaxShufflePartitions != 1<<24 {
		t.Fatal("partition limit changed")
	}
}
