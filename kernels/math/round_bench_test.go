package math

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// BenchmarkRounding: 8192 values per batch, with and without NULLs.
func BenchmarkRounding(b *testing.B) {
	const n = 8192
	dec152, dec3810 := types.DecimalType(15, 2), types.DecimalType(38, 10)
	type bench struct {
		name  string
		t     types.DataType
		width int
		gen   func(i int) any
		run   func(mem memory.Allocator, a arrow.Array) (arrow.Array, error)
	}
	benches := []bench{
		{"Round/double/2", types.DoubleType, 8, func(i int) any { return float64(i)*1.2345 - 4000.5 }, func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
			return Round(mem, types.DoubleType, types.DoubleType, a, 2, kernels.Legacy)
		}},
		{"Round/float/1", types.FloatType, 4, func(i int) any { return float32(i)*1.25 - 400.5 }, func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
			return Round(mem, types.FloatType, types.FloatType, a, 1, kernels.Legacy)
		}},
		{"Round/int/-2", types.IntType, 4, func(i int) any { return int32(i*7919 - 3) }, func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
			return Round(mem, types.IntType, types.IntType, a, -2, kernels.Legacy)
		}},
		{"Round/decimal(15,2)/1", dec152, 16, func(i int) any { return kerneltest.Dec(int64(i*7919 + 1)) }, func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
			return Round(mem, dec152, types.DecimalType(15, 1), a, 1, kernels.Legacy)
		}},
		{"BRound/decimal(38,10)/2", dec3810, 16, func(i int) any { return kerneltest.DecStr(fmt.Sprintf("%d123456789012345678901", i)) }, func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
			return BRound(mem, dec3810, types.DecimalType(31, 2), a, 2, kernels.Legacy)
		}},
		{"Floor/double", types.DoubleType, 8, func(i int) any { return float64(i)*1.5 - 4000.25 }, func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
			return Floor(mem, types.DoubleType, types.LongType, a)
		}},
		{"Ceil/decimal(15,2)", dec152, 16, func(i int) any { return kerneltest.Dec(int64(i*7919 + 1)) }, func(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
			return Ceil(mem, dec152, types.DecimalType(14, 0), a)
		}},
	}
	for _, bc := range benches {
		for _, nulls := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/nulls=%v", bc.name, nulls), func(b *testing.B) {
				mem := memory.NewGoAllocator()
				a := benchArrays(mem, bc.t, n, nulls, bc.gen)
				defer a.Release()
				b.SetBytes(int64(n * bc.width))
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					out, err := bc.run(mem, a)
					if err != nil {
						b.Fatal(err)
					}
					out.Release()
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "values/s")
			})
		}
	}
}
