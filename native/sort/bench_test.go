package sort_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/kernels/order"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/nativetest"
	nsort "github.com/ember-spark/ember/native/sort"
	"github.com/ember-spark/ember/sparkplan/types"
)

// int64Batches: n random int64 values (10% NULL with nulls) in batches of 8192.
func int64Batches(n int, nulls bool) []arrow.RecordBatch {
	r := rand.New(rand.NewSource(1))
	s := types.Schema{{Name: "k", Type: types.LongType, Nullable: true}}.ArrowSchema("UTC")
	var out []arrow.RecordBatch
	for start := 0; start < n; start += 8192 {
		b := array.NewInt64Builder(memory.DefaultAllocator)
		m := min(8192, n-start)
		for i := 0; i < m; i++ {
			if nulls && i%10 == 0 {
				b.AppendNull()
				continue
			}
			b.Append(r.Int63() - r.Int63())
		}
		a := b.NewArray()
		b.Release()
		out = append(out, array.NewRecordBatch(s, []arrow.Array{a}, int64(m)))
		a.Release()
	}
	return out
}

func runOrderBench(b *testing.B, batches []arrow.RecordBatch, build func(src native.Operator) native.Operator) {
	n := 0
	for _, rec := range batches {
		n += int(rec.NumRows())
	}
	b.SetBytes(int64(n * 8))
	b.ResetTimer()
	cpu := kerneltest.CPUTime()
	for i := 0; i < b.N; i++ {
		for _, rec := range batches {
			rec.Retain()
		}
		src := nativetest.NewSource(batches[0].Schema(), append([]arrow.RecordBatch(nil), batches...))
		nativetest.CountRows(b, build(src))
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	if d := kerneltest.CPUTime() - cpu; d > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/d.Seconds(), "rows/cpu-s")
	}
}

// BenchmarkSortOperatorInt64: Sort of 10M random int64 (one key, the only
// column), input and output in batches of 8192.
func BenchmarkSortOperatorInt64(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("rows=10M/nulls=%v", nulls), func(b *testing.B) {
			batches := int64Batches(10_000_000, nulls)
			key := []nsort.Key{{Expr: must(expr.NewColumn(0, types.LongType)), Key: order.Key{}}}
			runOrderBench(b, batches, func(src native.Operator) native.Operator {
				return nsort.NewSort(src, key, memory.DefaultAllocator, 8192, 1)
			})
		})
	}
}

// BenchmarkTopN: the first 100 of 10M random int64, descending.
func BenchmarkTopN(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("rows=10M/limit=100/nulls=%v", nulls), func(b *testing.B) {
			batches := int64Batches(10_000_000, nulls)
			key := []nsort.Key{{Expr: must(expr.NewColumn(0, types.LongType)), Key: order.Key{Descending: true}}}
			runOrderBench(b, batches, func(src native.Operator) native.Operator {
				return nsort.NewTopN(src, key, 100, memory.DefaultAllocator, 8192, 1)
			})
		})
	}
}

// BenchmarkSortOperatorPayload: Sort of 10M random int64 keys with an int64
// payload column, which is gathered by the permutation.
func BenchmarkSortOperatorPayload(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("rows=10M/nulls=%v", nulls), func(b *testing.B) {
			keys := int64Batches(10_000_000, nulls)
			s := arrow.NewSchema([]arrow.Field{{Name: "k", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
				{Name: "p", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
			batches := make([]arrow.RecordBatch, len(keys))
			for i, k := range keys {
				batches[i] = array.NewRecordBatch(s, []arrow.Array{k.Column(0), k.Column(0)}, k.NumRows())
				k.Release()
			}
			key := []nsort.Key{{Expr: must(expr.NewColumn(0, types.LongType)), Key: order.Key{}}}
			runOrderBench(b, batches, func(src native.Operator) native.Operator {
				return nsort.NewSort(src, key, memory.DefaultAllocator, 8192, 1)
			})
		})
	}
}
