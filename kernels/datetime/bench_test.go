package datetime

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

func benchArray(mem memory.Allocator, t types.DataType, n int, nulls bool, gen func(i int) any) arrow.Array {
	vals := make([]any, n)
	for i := range vals {
		if !nulls || i%10 != 0 {
			vals[i] = gen(i)
		}
	}
	return kerneltest.Build(mem, t, vals)
}

// BenchmarkDatetime: 8192 dates (4 bytes each) spread over 1900..2100.
func BenchmarkDatetime(b *testing.B) {
	const n = 8192
	dates := func(i int) any { return int32(i*8923%73000 - 25567) }
	unary := map[string]func(memory.Allocator, arrow.Array) (arrow.Array, error){
		"Year": Year, "Month": Month, "DayOfMonth": DayOfMonth, "DayOfWeek": DayOfWeek,
		"DayOfYear": DayOfYear, "WeekOfYear": WeekOfYear, "LastDay": LastDay,
	}
	type bench struct {
		name string
		run  func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error)
	}
	var benches []bench
	for _, name := range []string{"Year", "Month", "DayOfMonth", "DayOfWeek", "DayOfYear", "WeekOfYear", "LastDay"} {
		f := unary[name]
		benches = append(benches, bench{name, func(mem memory.Allocator, l, _ arrow.Array) (arrow.Array, error) { return f(mem, l) }})
	}
	benches = append(benches,
		bench{"DateAdd/int", func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
			return DateAdd(mem, types.IntType, l, r)
		}},
		bench{"DateDiff", func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
			return DateDiff(mem, l, r)
		}},
		bench{"AddMonths", func(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
			return AddMonths(mem, l, r)
		}})
	for _, bc := range benches {
		for _, nulls := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/nulls=%v", bc.name, nulls), func(b *testing.B) {
				mem := memory.NewGoAllocator()
				l := benchArray(mem, types.DateType, n, nulls, dates)
				rt := types.IntType
				if bc.name == "DateDiff" {
					rt = types.DateType
				}
				r := benchArray(mem, rt, n, false, func(i int) any { return int32(i%97 - 40) })
				defer l.Release()
				defer r.Release()
				b.SetBytes(n * 4)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					out, err := bc.run(mem, l, r)
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
