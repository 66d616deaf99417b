package shuffle_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/shuffle"
	"github.com/ember-spark/ember/sparkplan/types"
)

// BenchmarkShuffleWrite: 1M rows (int64 key, int64, double) hash-partitioned
// 200 ways into a data file; bytes are the Arrow data in.
func BenchmarkShuffleWrite(b *testing.B) {
	sch := types.Schema{{Name: "k", Type: types.LongType, Nullable: true},
		{Name: "v", Type: types.LongType, Nullable: true}, {Name: "d", Type: types.DoubleType, Nullable: true}}
	const rows = 1 << 20
	for _, codec := range []spill.Codec{spill.LZ4, spill.Zstd} {
		for _, nulls := range []bool{false, true} {
			cols := make([][]any, 3)
			x := uint64(7)
			for i := 0; i < rows; i++ {
				x = x*6364136223846793005 + 1442695040888963407
				var k, v, d any = int64(x >> 40), int64(i), float64(i%1000) / 8
				if nulls && i%10 == 3 {
					k, d = nil, nil
				}
				cols[0], cols[1], cols[2] = append(cols[0], k), append(cols[1], v), append(cols[2], d)
			}
			mem := memory.NewGoAllocator()
			batches := nativetest.Batches(mem, sch, cols, 8192)
			cols = nil // the boxed values would keep the GC busy during the runs
			runtime.GC()
			var size int64
			for _, r := range batches {
				for _, c := range r.Columns() {
					for _, buf := range c.Data().Buffers() {
						if buf != nil {
							size += int64(buf.Len())
						}
					}
				}
			}
			key, _ := expr.NewColumn(0, types.LongType)
			b.Run(fmt.Sprintf("codec=%s/nulls=%v", codec, nulls), func(b *testing.B) {
				dir := b.TempDir()
				b.SetBytes(size)
				for i := 0; i < b.N; i++ {
					w, err := shuffle.NewWriter(sch.ArrowSchema("UTC"), &shuffle.Hash{Keys: []expr.Evaluator{key}, N: 200},
						mem, shuffle.Options{Codec: codec}, 1, nil, nil)
					if err != nil {
						b.Fatal(err)
					}
					for _, r := range batches {
						if err := w.Write(b.Context(), r); err != nil {
							b.Fatal(err)
						}
					}
					if _, err := w.Finish(filepath.Join(dir, "data")); err != nil {
						b.Fatal(err)
					}
				}
			})
			releaseBatches(batches)
		}
	}
}

func releaseBatches(bs []arrow.RecordBatch) {
	for _, r := range bs {
		r.Release()
	}
}
