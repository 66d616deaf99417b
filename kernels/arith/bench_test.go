package arith

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

func benchArray(mem memory.Allocator, t types.DataType, n int, nulls bool, gen func(i int) any) arrow.Array {
	vals := make([]any, n)
	for i := range vals {
		vals[i] = gen(i)
		if nulls && i%10 == 3 {
			vals[i] = nil
		}
	}
	return kerneltest.Build(mem, t, vals)
}

func BenchmarkDecimal15_2(b *testing.B) {
	d := types.DecimalType(15, 2)
	for _, c := range []struct {
		op  Op
		res types.DataType
	}{{Add, types.DecimalType(16, 2)}, {Mul, types.DecimalType(31, 4)}, {Div, types.DecimalType(33, 18)}} {
		for _, nulls := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/nulls=%v", opName(c.op), nulls), func(b *testing.B) {
				mem := memory.NewGoAllocator()
				const n = 8192
				l := benchArray(mem, d, n, nulls, func(i int) any { return kerneltest.Dec(int64(i)*1234567 - 5e9) })
				r := benchArray(mem, d, n, nulls, func(i int) any { return kerneltest.Dec(int64(i%997)*31 + 1) })
				defer l.Release()
				defer r.Release()
				b.SetBytes(n * 32)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					out, err := Decimal(mem, c.op, d, d, c.res, ArrayOperand(l), ArrayOperand(r), kernels.Legacy)
					if err != nil {
						b.Fatal(err)
					}
					out.Release()
				}
			})
		}
	}
}

func BenchmarkDecimal38_10Add(b *testing.B) {
	d := types.DecimalType(38, 10)
	mem := memory.NewGoAllocator()
	const n = 8192
	l := benchArray(mem, d, n, false, func(i int) any { return kerneltest.DecStr(fmt.Sprintf("%d123456789012345678901234", i)) })
	r := benchArray(mem, d, n, false, func(i int) any { return kerneltest.Dec(int64(i)) })
	defer l.Release()
	defer r.Release()
	b.SetBytes(n * 32)
	for i := 0; i < b.N; i++ {
		out, err := Decimal(mem, Add, d, d, d, ArrayOperand(l), ArrayOperand(r), kernels.Legacy)
		if err != nil {
			b.Fatal(err)
		}
		out.Release()
	}
}

func BenchmarkDouble(b *testing.B) {
	for _, op := range []Op{Add, Mul, Div} {
		for _, nulls := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/nulls=%v", opName(op), nulls), func(b *testing.B) {
				mem := memory.NewGoAllocator()
				const n = 8192
				l := benchArray(mem, types.DoubleType, n, nulls, func(i int) any { return float64(i) * 1.5 })
				r := benchArray(mem, types.DoubleType, n, nulls, func(i int) any { return float64(i%13) - 6 })
				defer l.Release()
				defer r.Release()
				b.SetBytes(n * 16)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					out, err := Numeric(mem, op, types.DoubleType, ArrayOperand(l), ArrayOperand(r), kernels.Legacy)
					if err != nil {
						b.Fatal(err)
					}
					out.Release()
				}
			})
		}
	}
}

func opName(op Op) string { return [...]string{Add: "add", Sub: "sub", Mul: "mul", Div: "div"}[op] }
