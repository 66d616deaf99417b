package selection

import (
	"math/rand"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

func TestTakeChunks(t *testing.T) {
	typed := map[types.DataType][]any{
		types.BooleanType:        {true, false, nil},
		types.ByteType:           {int8(1), nil, int8(-3)},
		types.ShortType:          {int16(1), int16(2), nil},
		types.IntType:            {nil, int32(7), int32(8)},
		types.LongType:           {int64(1), int64(2), int64(3), int64(4)},
		types.FloatType:          {float32(1.5), nil},
		types.DoubleType:         {2.5, nil, -1.0},
		types.DecimalType(38, 2): {kerneltest.DecStr("-99999999999999999999999999999999999999"), nil, kerneltest.Dec(7)},
		types.StringType:         {"a", "", nil, "héllo"},
		types.BinaryType:         {[]byte{0, 255}, nil, []byte{}},
		types.DateType:           {int32(1), nil},
		types.TimestampType:      {int64(-1), nil, int64(5)},
		types.TimestampNTZType:   {int64(9)},
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewSource(1))
	for typ, base := range typed {
		// Chunks of several lengths, some sliced, some without NULLs.
		var chunks []arrow.Array
		var vals [][]any
		for i, n := range []int{5, 1, 300, 17} {
			v := kerneltest.Cycle(base, n+3)
			if i == 1 {
				v = kerneltest.Cycle(kerneltest.WithoutNulls(base)[0], n+3)
			}
			full := kerneltest.Build(mem, typ, v)
			chunks = append(chunks, kerneltest.Slice(full, 2, full.Len()))
			full.Release()
			vals = append(vals, v[2:])
		}
		refs := make([]Ref, 500)
		want := make([]any, len(refs))
		for j := range refs {
			c := r.Intn(len(chunks))
			row := r.Intn(len(vals[c]))
			refs[j] = Ref{Chunk: uint32(c), Row: uint32(row)}
			want[j] = vals[c][row]
		}
		got, err := TakeChunks(mem, chunks, refs)
		if err != nil {
			t.Fatal(err)
		}
		kerneltest.Check(t, got, want)
		got.Release()
		empty, err := TakeChunks(mem, chunks, nil)
		if err != nil {
			t.Fatal(err)
		}
		kerneltest.Check(t, empty, nil)
		empty.Release()
		for _, c := range chunks {
			c.Release()
		}
	}
}
