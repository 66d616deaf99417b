package cmp

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

func benchCol(t types.DataType, n int, nulls bool, gen func(i int) any) []any {
	vals := make([]any, n)
	for i := range vals {
		vals[i] = gen(i)
		if nulls && i%10 == 3 {
			vals[i] = nil
		}
	}
	return vals
}

func BenchmarkInt64Scalar(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		for _, op := range []Op{Lt, Eq} {
			b.Run(fmt.Sprintf("%s/nulls=%v", op, nulls), func(b *testing.B) {
				mem := memory.NewGoAllocator()
				const n = 8192
				arr := kerneltest.Build(mem, types.LongType, benchCol(types.LongType, n, nulls, func(i int) any { return int64(i * 7919 % 10007) }))
				defer arr.Release()
				b.SetBytes(n * 8)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					out, err := CompareScalar(mem, op, types.LongType, arr, int64(5000))
					if err != nil {
						b.Fatal(err)
					}
					out.Release()
				}
			})
		}
	}
}

func BenchmarkDoubleArrays(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("lt/nulls=%v", nulls), func(b *testing.B) {
			mem := memory.NewGoAllocator()
			const n = 8192
			l := kerneltest.Build(mem, types.DoubleType, benchCol(types.DoubleType, n, nulls, func(i int) any { return float64(i%113) * 0.5 }))
			r := kerneltest.Build(mem, types.DoubleType, benchCol(types.DoubleType, n, nulls, func(i int) any { return float64(i%71) * 0.7 }))
			defer l.Release()
			defer r.Release()
			b.SetBytes(n * 16)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out, err := Compare(mem, Lt, types.DoubleType, l, r)
				if err != nil {
					b.Fatal(err)
				}
				out.Release()
			}
		})
	}
}

// BenchmarkDecimalScalar is `l_quantity >= 10.00` over decimal(15,2) (TPC-H's
// quantities and prices), values in random order.
func BenchmarkDecimalScalar(b *testing.B) {
	t := types.DecimalType(15, 2)
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("Ge/nulls=%v", nulls), func(b *testing.B) {
			mem := memory.NewGoAllocator()
			const n = 8192
			arr := kerneltest.Build(mem, t, benchCol(t, n, nulls, func(i int) any { return kerneltest.Dec(int64(i*7919%5000 + 100)) }))
			defer arr.Release()
			b.SetBytes(n * 16)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out, err := CompareScalar(mem, Ge, t, arr, kerneltest.Dec(1000))
				if err != nil {
					b.Fatal(err)
				}
				out.Release()
			}
		})
	}
}
