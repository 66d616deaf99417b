package selection

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// BenchmarkTake: 8192 int64 rows, 9 in 10 taken in order (a join's or a
// filter's selection), with and without NULLs (every 10th row). Bytes are the
// values taken.
func BenchmarkTake(b *testing.B) {
	mem := memory.NewGoAllocator()
	for _, nulls := range []bool{false, true} {
		bld := array.NewInt64Builder(mem)
		for i := 0; i < 8192; i++ {
			if nulls && i%10 == 3 {
				bld.AppendNull()
			} else {
				bld.Append(int64(i))
			}
		}
		arr := bld.NewArray()
		var idx []int32
		for i := 0; i < 8192; i++ {
			if i%10 != 7 {
				idx = append(idx, int32(i))
			}
		}
		b.Run(fmt.Sprintf("nulls=%v", nulls), func(b *testing.B) {
			b.SetBytes(int64(len(idx) * 8))
			for i := 0; i < b.N; i++ {
				out, err := Take(mem, arr, idx)
				if err != nil {
					b.Fatal(err)
				}
				out.Release()
			}
		})
		arr.Release()
	}
}
