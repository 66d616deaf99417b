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

func benchArrays(mem memory.Allocator, t types.DataType, n int, nulls bool, gen func(i int) any) arrow.Array {
	vals := make([]any, n)
	for i := range vals {
		if !nulls || i%10 != 0 {
			vals[i] = gen(i)
		}
	}
	return kerneltest.Build(mem, t, vals)
}

func BenchmarkMath(b *testing.B) {
	const n = 8192
	type bench struct {
		name  string
		t     types.DataType
		width int
		gen   func(i int) any
		run   func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error)
	}
	dec := types.DecimalType(15, 2)
	benches := []bench{
		{"Remainder/long", types.LongType, 8, func(i int) any { return int64(i*7919 - 3) }, func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
			return Remainder(mem, types.LongType, types.LongType, types.LongType, l, r, kernels.Legacy)
		}},
		{"Pmod/int", types.IntType, 4, func(i int) any { return int32(i%97 - 40) }, func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
			return Pmod(mem, types.IntType, types.IntType, types.IntType, l, r, kernels.Legacy)
		}},
		{"Abs/double", types.DoubleType, 8, func(i int) any { return float64(i) - 4000.5 }, func(mem memory.Allocator, l, _ arrow.Array) (arrow.Array, error) {
			return Abs(mem, types.DoubleType, l, kernels.Legacy)
		}},
		{"Remainder/decimal(15,2)", dec, 16, func(i int) any { return kerneltest.Dec(int64(i*7919 + 1)) }, func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
			return Remainder(mem, dec, dec, dec, l, r, kernels.Legacy)
		}},
	}
	for _, bc := range benches {
		for _, nulls := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/nulls=%v", bc.name, nulls), func(b *testing.B) {
				mem := memory.NewGoAllocator()
				l := benchArrays(mem, bc.t, n, nulls, bc.gen)
				r := benchArrays(mem, bc.t, n, false, func(i int) any { return bc.gen(i%13 + 5) })
				defer l.Release()
				defer r.Release()
				b.SetBytes(int64(n * bc.width))
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					out, err := bc.run(mem, l, r)
					if err != nil {
						b.Fatal(err)
					}
					out.Release()
				}
			})
		}
	}
}
