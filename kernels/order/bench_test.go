package order

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
)

func benchInt64(n int, nulls bool) arrow.Array {
	r := rand.New(rand.NewSource(1))
	b := array.NewInt64Builder(memory.DefaultAllocator)
	defer b.Release()
	b.Reserve(n)
	for i := 0; i < n; i++ {
		if nulls && i%10 == 0 {
			b.AppendNull()
			continue
		}
		b.UnsafeAppend(r.Int63() - r.Int63())
	}
	return b.NewArray()
}

// BenchmarkSortInt64: one int64 key of random values (10% NULL with nulls).
func BenchmarkSortInt64(b *testing.B) {
	for _, n := range []int{10_000_000} {
		for _, nulls := range []bool{false, true} {
			b.Run(fmt.Sprintf("rows=%d/nulls=%v", n, nulls), func(b *testing.B) {
				a := benchInt64(n, nulls)
				defer a.Release()
				b.SetBytes(int64(n * 8))
				b.ResetTimer()
				cpu := kerneltest.CPUTime()
				for i := 0; i < b.N; i++ {
					buf, _, err := Sort(memory.DefaultAllocator, []arrow.Array{a}, []Key{{}})
					if err != nil {
						b.Fatal(err)
					}
					buf.Release()
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
				reportCPU(b, n, cpu)
			})
		}
	}
}

// BenchmarkSortString: random strings of 5 to 20 bytes with common prefixes.
func BenchmarkSortString(b *testing.B) {
	n := 1_000_000
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("rows=%d/nulls=%v", n, nulls), func(b *testing.B) {
			r := rand.New(rand.NewSource(1))
			sb := array.NewStringBuilder(memory.DefaultAllocator)
			size := 0
			for i := 0; i < n; i++ {
				if nulls && i%10 == 0 {
					sb.AppendNull()
					continue
				}
				s := fmt.Sprintf("customer#%0*d", 1+r.Intn(10), r.Intn(1_000_000_000))
				size += len(s)
				sb.Append(s)
			}
			a := sb.NewArray()
			sb.Release()
			defer a.Release()
			b.SetBytes(int64(size))
			b.ResetTimer()
			cpu := kerneltest.CPUTime()
			for i := 0; i < b.N; i++ {
				buf, _, err := Sort(memory.DefaultAllocator, []arrow.Array{a}, []Key{{Descending: true}})
				if err != nil {
					b.Fatal(err)
				}
				buf.Release()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			reportCPU(b, n, cpu)
		})
	}
}

// BenchmarkSortTwoKeys: a low-cardinality int32 key, then a double.
func BenchmarkSortTwoKeys(b *testing.B) {
	n := 1_000_000
	r := rand.New(rand.NewSource(1))
	ib := array.NewInt32Builder(memory.DefaultAllocator)
	db := array.NewFloat64Builder(memory.DefaultAllocator)
	for i := 0; i < n; i++ {
		ib.Append(int32(r.Intn(100)))
		db.Append(r.NormFloat64())
	}
	k1, k2 := ib.NewArray(), db.NewArray()
	ib.Release()
	db.Release()
	defer k1.Release()
	defer k2.Release()
	b.SetBytes(int64(n * 12))
	b.ResetTimer()
	cpu := kerneltest.CPUTime()
	for i := 0; i < b.N; i++ {
		buf, _, err := Sort(memory.DefaultAllocator, []arrow.Array{k1, k2}, []Key{{}, {Descending: true}})
		if err != nil {
			b.Fatal(err)
		}
		buf.Release()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	reportCPU(b, n, cpu)
}
