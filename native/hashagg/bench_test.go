package hashagg_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// replay is a source returning the same batches on every run (retained).
type replay struct {
	*nativetest.Source
	batches []arrow.RecordBatch
	next    int
}

func (r *replay) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if r.next == len(r.batches) {
		return nil, nil
	}
	b := r.batches[r.next]
	r.next++
	b.Retain()
	return b, nil
}

func (r *replay) Close() error { return nil }

// BenchmarkHashAggregate: GROUP BY an int64 key, count(*)-like count(l) and
// sum(l) in Partial mode, 1M rows per run.
func BenchmarkHashAggregate(b *testing.B) {
	schema := types.Schema{{Name: "k", Type: types.LongType, Nullable: true}, {Name: "l", Type: types.LongType, Nullable: true}}
	const rows = 1 << 20
	for _, card := range []int{16, 1 << 20} {
		for _, nulls := range []bool{false, true} {
			name := fmt.Sprintf("int64_keys=%d/nulls=%v", card, nulls)
			mem := memory.NewGoAllocator()
			cols := make([][]any, 2)
			x := uint64(12345)
			for i := 0; i < rows; i++ {
				x = x*6364136223846793005 + 1442695040888963407
				var k any = int64((x >> 33) % uint64(card))
				var l any = int64(i)
				if nulls && i%10 == 3 {
					k = nil
				}
				if nulls && i%7 == 1 {
					l = nil
				}
				cols[0] = append(cols[0], k)
				cols[1] = append(cols[1], l)
			}
			batches := nativetest.Batches(mem, schema, cols, 8192)
			cols = nil
			runtime.GC()
			fs := []fn{{"count", 1, false}, {"sum", 1, false}}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(rows * 16)
				ctx := context.Background()
				for i := 0; i < b.N; i++ {
					src := &replay{Source: nativetest.NewSource(schema.ArrowSchema("UTC"), nil), batches: batches}
					op := build(b, mem, src, schema, []int{0}, fs, sparkplan.Partial, 8192)
					drain(ctx, b, op)
				}
				b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
			})
		}
	}
}

func drain(ctx context.Context, b *testing.B, op native.Operator) {
	if err := op.Open(ctx); err != nil {
		b.Fatal(err)
	}
	for {
		rec, err := op.Next(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if rec == nil {
			break
		}
		rec.Release()
	}
	_ = op.Close()
}
