package hashagg_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/hashagg"
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
			batches := keyValueBatches(mem, schema, rows, nulls, 12345, func(x uint64) int64 { return int64((x >> 33) % uint64(card)) })
			fs := []fn{{"count", 1, false}, {"sum", 1, false}}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(rows * 16)
				ctx := context.Background()
				cpu := kerneltest.CPUTime()
				for i := 0; i < b.N; i++ {
					src := &replay{Source: nativetest.NewSource(schema.ArrowSchema("UTC"), nil), batches: batches}
					op := build(b, mem, src, schema, []int{0}, fs, sparkplan.Partial, 8192)
					drain(ctx, b, op)
				}
				reportRates(b, rows, cpu)
			})
		}
	}
}

// keyValueBatches: rows of (key(x), row number) in batches of 8192, x a
// 64-bit LCG from seed; with nulls, every 10th key and 7th value is NULL.
func keyValueBatches(mem memory.Allocator, schema types.Schema, rows int, nulls bool, seed uint64, key func(x uint64) int64) []arrow.RecordBatch {
	cols := make([][]any, 2)
	x := seed
	for i := 0; i < rows; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		var k any = key(x)
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
	runtime.GC()
	return batches
}

// reportRates reports millions of rows per second and per CPU second (the
// process's CPU time since cpu), rows rows per iteration.
func reportRates(b *testing.B, rows int, cpu time.Duration) {
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
	if d := kerneltest.CPUTime() - cpu; d > 0 {
		b.ReportMetric(float64(rows)*float64(b.N)/d.Seconds()/1e6, "Mrows/cpu-s")
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

// BenchmarkPartialSkip: a Partial GROUP BY over nearly distinct int64 keys
// (1M rows, keys drawn from 2^40), count(l) and sum(l), grouping throughout
// versus skipping after 100,000 rows (PartialSkip, as the plugin sets it by
// default).
func BenchmarkPartialSkip(b *testing.B) {
	schema := types.Schema{{Name: "k", Type: types.LongType, Nullable: true}, {Name: "l", Type: types.LongType, Nullable: true}}
	const rows = 1 << 20
	for _, nulls := range []bool{false, true} {
		mem := memory.NewGoAllocator()
		batches := keyValueBatches(mem, schema, rows, nulls, 777, func(x uint64) int64 { return int64(x >> 24) })
		fs := []fn{{"count", 1, false}, {"sum", 1, false}}
		for _, skip := range []bool{false, true} {
			b.Run(fmt.Sprintf("skip=%v/nulls=%v", skip, nulls), func(b *testing.B) {
				b.SetBytes(rows * 16)
				ctx := context.Background()
				cpu := kerneltest.CPUTime()
				for i := 0; i < b.N; i++ {
					src := &replay{Source: nativetest.NewSource(schema.ArrowSchema("UTC"), nil), batches: batches}
					spec := specFor(b, schema, []int{0}, fs, sparkplan.Partial, 8192)
					if skip {
						spec.PartialSkip = &hashagg.PartialSkip{MinRows: 100000, MaxGroupRatio: 0.8}
					}
					op, err := hashagg.New(src, spec, mem, 1)
					if err != nil {
						b.Fatal(err)
					}
					drain(ctx, b, op)
				}
				reportRates(b, rows, cpu)
			})
		}
	}
}
