package hash

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// The benchmarks hash one column of 8192 rows into running hashes, with and
// without NULLs (every 5th row): int64 values (b.SetBytes counts 8 bytes a
// row) and short strings (about 10 bytes; SetBytes counts the string bytes).
// Mvalues/s is the rows per second.

const benchRows = 8192

func benchColumns(mem memory.Allocator, nulls bool) (longs, strs arrow.Array, strBytes int) {
	lv := make([]any, benchRows)
	sv := make([]any, benchRows)
	for i := range lv {
		if nulls && i%5 == 2 {
			continue
		}
		lv[i] = int64(i)*0x5E3779B97F4A7C15 + 7
		s := fmt.Sprintf("key-%d", i*7919%100000)
		sv[i] = s
		strBytes += len(s)
	}
	return kerneltest.Build(mem, types.LongType, lv), kerneltest.Build(mem, types.StringType, sv), strBytes
}

func BenchmarkHash(b *testing.B) {
	mem := memory.NewGoAllocator()
	for _, nulls := range []bool{false, true} {
		longs, strs, strBytes := benchColumns(mem, nulls)
		h32 := seeds32(benchRows)
		h64 := seeds64(benchRows)
		for _, bc := range []struct {
			name  string
			bytes int
			f     func() error
		}{
			{"Murmur3/int64", 8 * benchRows, func() error { return Murmur3(h32, longs) }},
			{"Murmur3/string", strBytes, func() error { return Murmur3(h32, strs) }},
			{"XxHash64/int64", 8 * benchRows, func() error { return XxHash64(h64, longs) }},
			{"XxHash64/string", strBytes, func() error { return XxHash64(h64, strs) }},
		} {
			b.Run(fmt.Sprintf("%s/nulls=%v", bc.name, nulls), func(b *testing.B) {
				b.SetBytes(int64(bc.bytes))
				for b.Loop() {
					if err := bc.f(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mvalues/s")
			})
		}
		longs.Release()
		strs.Release()
	}
	b.Run("PartitionIDs", func(b *testing.B) {
		h := seeds32(benchRows)
		for i := range h {
			h[i] = Murmur3Int(int32(i), 42)
		}
		out := make([]int32, benchRows)
		b.SetBytes(4 * benchRows)
		for b.Loop() {
			PartitionIDs(h, 200, out)
		}
		b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mvalues/s")
	})
}
