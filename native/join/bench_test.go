package join_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/join"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// replay returns the same retained batches on every run.
type replay struct {
	*nativetest.Source
	batches []arrow.RecordBatch
	next    int
}

func (r *replay) Next(context.Context) (arrow.RecordBatch, error) {
	if r.next == len(r.batches) {
		return nil, nil
	}
	b := r.batches[r.next]
	r.next++
	b.Retain()
	return b, nil
}

func (r *replay) Close() error { return nil }

// BenchmarkHashJoinProbe: an inner join on an int64 key, each stream row
// matching one build row (a foreign key into a dimension); 4M stream rows a
// run, bytes are the stream side's.
func BenchmarkHashJoinProbe(b *testing.B) {
	sch := types.Schema{{Name: "k", Type: types.LongType, Nullable: true}, {Name: "v", Type: types.LongType, Nullable: true}}
	const streamRows = 1 << 22
	for _, buildRows := range []int{1 << 10, 1 << 20} {
		for _, nulls := range []bool{false, true} {
			mem := memory.NewGoAllocator()
			bcols, scols := make([][]any, 2), make([][]any, 2)
			for i := 0; i < buildRows; i++ {
				bcols[0], bcols[1] = append(bcols[0], int64(i)*7), append(bcols[1], int64(i))
			}
			x := uint64(3)
			for i := 0; i < streamRows; i++ {
				x = x*6364136223846793005 + 1442695040888963407
				var k any = int64((x>>33)%uint64(buildRows)) * 7
				if nulls && i%10 == 3 {
					k = nil
				}
				scols[0], scols[1] = append(scols[0], k), append(scols[1], int64(i))
			}
			build, stream := nativetest.Batches(mem, sch, bcols, 8192), nativetest.Batches(mem, sch, scols, 8192)
			bcols, scols = nil, nil
			runtime.GC()
			var out types.Schema
			for _, f := range append(append(types.Schema{}, sch...), sch...) {
				out = append(out, f)
			}
			key, _ := expr.NewColumn(0, types.LongType)
			b.Run(fmt.Sprintf("build=%d/nulls=%v", buildRows, nulls), func(b *testing.B) {
				b.SetBytes(int64(streamRows * 16))
				for i := 0; i < b.N; i++ {
					l := &replay{Source: nativetest.NewSource(sch.ArrowSchema("UTC"), nil), batches: stream}
					r := &replay{Source: nativetest.NewSource(sch.ArrowSchema("UTC"), nil), batches: build}
					op, err := join.NewHashJoin(l, r, join.Spec{Type: join.Inner, LeftKeys: []expr.Evaluator{key},
						RightKeys: []expr.Evaluator{key}, Schema: out.ArrowSchema("UTC"), BatchSize: 8192}, mem, 1, (*native.Reservation)(nil))
					if err != nil {
						b.Fatal(err)
					}
					ctx := b.Context()
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
					op.Close()
				}
				b.ReportMetric(float64(streamRows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
			})
		}
	}
}
