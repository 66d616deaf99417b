package native_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// repeatSource returns the same batch b.N times (retained for each Next).
type repeatSource struct {
	nativetest.Source
	rec  arrow.RecordBatch
	left int
}

func (s *repeatSource) Open(context.Context) error { return nil }
func (s *repeatSource) Next(context.Context) (arrow.RecordBatch, error) {
	if s.left == 0 {
		return nil, nil
	}
	s.left--
	s.rec.Retain()
	return s.rec, nil
}
func (s *repeatSource) Close() error          { return nil }
func (s *repeatSource) Schema() *arrow.Schema { return s.rec.Schema() }

// BenchmarkFilter: id < literal over 8192-row batches of (long, double,
// decimal(15,2), string), about half the rows kept.
func BenchmarkFilter(b *testing.B) {
	s := types.Schema{
		{Name: "id", Type: types.LongType, Nullable: true},
		{Name: "d", Type: types.DoubleType, Nullable: true},
		{Name: "m", Type: types.DecimalType(15, 2), Nullable: true},
		{Name: "s", Type: types.StringType, Nullable: true},
	}
	for _, nulls := range []bool{false, true} {
		for _, sel := range []int64{5000, 10007} {
			b.Run(fmt.Sprintf("keep=%d%%/nulls=%v", sel*100/10007, nulls), func(b *testing.B) {
				mem := memory.NewGoAllocator()
				const n = 8192
				cols := make([][]any, 4)
				for i := 0; i < n; i++ {
					var id any = int64(i * 7919 % 10007)
					if nulls && i%10 == 3 {
						id = nil
					}
					cols[0] = append(cols[0], id)
					cols[1] = append(cols[1], float64(i))
					cols[2] = append(cols[2], kerneltest.Dec(int64(i)))
					cols[3] = append(cols[3], "abcdefgh")
				}
				rec := nativetest.Batches(mem, s, cols, n)[0]
				defer rec.Release()
				src := &repeatSource{rec: rec, left: b.N}
				cond, _ := expr.NewComparison(expr.LessThan, must(expr.NewColumn(0, types.LongType)), must(expr.NewLiteral(types.LongType, sel)))
				f := native.NewFilter(src, cond, mem, 1)
				ctx := context.Background()
				b.SetBytes(n * (8 + 8 + 16 + 12))
				b.ResetTimer()
				for {
					out, err := f.Next(ctx)
					if err != nil {
						b.Fatal(err)
					}
					if out == nil {
						break
					}
					out.Release()
				}
			})
		}
	}
}
