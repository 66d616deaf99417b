package selection

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

func TestIndicesAndTake(t *testing.T) {
	// FilterExec keeps rows whose condition is true; false and NULL drop.
	cond := kerneltest.Cycle([]any{true, false, nil, true, true}, 8192+3)
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
	c := kerneltest.Build(mem, types.BooleanType, cond)
	defer c.Release()
	for typ, base := range typed {
		vals := kerneltest.Cycle(base, len(cond))
		arr := kerneltest.Build(mem, typ, vals)
		kerneltest.SlicedShort(len(cond), 40, func(start, end int) {
			cs, as := kerneltest.Slice(c, start, end), kerneltest.Slice(arr, start, end)
			defer cs.Release()
			defer as.Release()
			idx := Indices(cs, nil)
			got, err := Take(mem, as, idx)
			if err != nil {
				t.Fatal(err)
			}
			defer got.Release()
			var want []any
			for i := start; i < end; i++ {
				if cond[i] == true {
					want = append(want, vals[i])
				}
			}
			kerneltest.Check(t, got, want)
		})
		arr.Release()
	}
}
