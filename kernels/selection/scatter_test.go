package selection

import (
	"math/rand"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Every partition of a scattered column holds exactly its rows, in input
// order, for every type, with and without NULLs, over sliced chunks, with
// empty partitions first, between and last.
func TestScatterChunks(t *testing.T) {
	typed := map[types.DataType][]any{
		types.BooleanType:        {true, false, nil, true},
		types.ByteType:           {int8(1), nil, int8(-3)},
		types.ShortType:          {int16(1), int16(2), nil},
		types.IntType:            {nil, int32(7), int32(8)},
		types.LongType:           {int64(1), int64(2), int64(3), int64(4)},
		types.FloatType:          {float32(1.5), nil},
		types.DoubleType:         {2.5, nil, -1.0},
		types.DecimalType(38, 2): {kerneltest.DecStr("-99999999999999999999999999999999999999"), nil, kerneltest.Dec(7)},
		types.StringType:         {"a", "", nil, "héllo", "a longer string value"},
		types.BinaryType:         {[]byte{0, 255}, nil, []byte{}},
		types.DateType:           {int32(1), nil},
		types.TimestampType:      {int64(-1), nil, int64(5)},
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewSource(1))
	const parts = 7
	for typ, base := range typed {
		for _, withNulls := range []bool{true, false} {
			var chunks []arrow.Array
			var vals [][]any
			var pids [][]int32
			want := make([][]any, parts)
			for i, n := range []int{5, 1, 300, 17} {
				v := kerneltest.Cycle(base, n+3)
				if !withNulls || i == 1 {
					v = kerneltest.Cycle(kerneltest.WithoutNulls(base)[0], n+3)
				}
				full := kerneltest.Build(mem, typ, v)
				chunks = append(chunks, kerneltest.Slice(full, 2, full.Len()))
				full.Release()
				vals = append(vals, v[2:])
				ids := make([]int32, n+1)
				for j := range ids {
					// Partitions 0, 3 and 6 stay empty.
					ids[j] = []int32{1, 2, 4, 5}[r.Intn(4)]
					want[ids[j]] = append(want[ids[j]], v[2+j])
				}
				pids = append(pids, ids)
			}
			g := NewGroups(pids, parts)
			grouped, err := ScatterChunks(mem, chunks, g)
			if err != nil {
				t.Fatal(err)
			}
			if grouped.Len() != g.Starts[parts] {
				t.Fatalf("%s: %d rows, want %d", typ, grouped.Len(), g.Starts[parts])
			}
			for p := 0; p < parts; p++ {
				got := g.Partition(grouped, p)
				kerneltest.Check(t, got, want[p])
				got.Release()
			}
			grouped.Release()
			for _, c := range chunks {
				c.Release()
			}
		}
	}
}

// Chunks and partition lists that do not match are an error, not a panic.
func TestScatterChunksMismatch(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	a := kerneltest.Build(mem, types.LongType, []any{int64(1), int64(2)})
	defer a.Release()
	if _, err := ScatterChunks(mem, []arrow.Array{a}, NewGroups([][]int32{{0}}, 1)); err == nil {
		t.Fatal("want an error for 2 rows and 1 partition id")
	}
	if _, err := ScatterChunks(mem, nil, NewGroups(nil, 1)); err == nil {
		t.Fatal("want an error for no arrays")
	}
}
