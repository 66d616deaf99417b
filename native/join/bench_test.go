package join_test

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/join"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// replay returns the same retained batches on every run; first (if set)
// runs before the first batch is returned.
type replay struct {
	*nativetest.Source
	batches []arrow.RecordBatch
	next    int
	first   func()
}

func (r *replay) Next(context.Context) (arrow.RecordBatch, error) {
	if r.next == len(r.batches) {
		return nil, nil
	}
	if r.next == 0 && r.first != nil {
		r.first()
	}
	b := r.batches[r.next]
	r.next++
	b.Retain()
	return b, nil
}

func (r *replay) Close() error { return nil }

// cpuTime is the process's CPU time (user + system) so far: on a shared
// machine a rate per CPU second is steadier than per wall second (the
// process's own GC work counts, other processes' does not).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkHashJoinProbe: an inner join on an int64 key, 4M stream rows a
// run in 8192-row batches, output materialized (every output batch is built,
// as the operator returns it, and released). stream=fk: each stream row
// matches one build row (a foreign key into a dimension of unique keys);
// stream=miss: 9 rows in 10 match nothing. nulls: every 10th stream key is
// NULL. The benchmark's timer (ns/op, MB/s over the stream's 16 bytes a row,
// Mrows/s, Mrows/cpu-s) runs from the operator's first stream batch: the
// probe and its output, not the build; op-Mrows/cpu-s is the whole operator
// (build included) per CPU second.
func BenchmarkHashJoinProbe(b *testing.B) {
	sch := types.Schema{{Name: "k", Type: types.LongType, Nullable: true}, {Name: "v", Type: types.LongType, Nullable: true}}
	const streamRows = 1 << 22
	type shape struct {
		nulls, miss bool
	}
	mem := memory.NewGoAllocator()
	var out types.Schema
	for _, f := range append(append(types.Schema{}, sch...), sch...) {
		out = append(out, f)
	}
	key, _ := expr.NewColumn(0, types.LongType)
	for _, buildRows := range []int{1 << 10, 1 << 20} {
		// The batches are made when a benchmark that uses them runs (not
		// for those -bench leaves out), once.
		var build []arrow.RecordBatch
		makeBuild := func() {
			if build != nil {
				return
			}
			bcols := make([][]any, 2)
			for i := 0; i < buildRows; i++ {
				bcols[0], bcols[1] = append(bcols[0], int64(i)*7), append(bcols[1], int64(i))
			}
			build = nativetest.Batches(mem, sch, bcols, 8192)
		}
		for _, sh := range []shape{{false, false}, {true, false}, {false, true}} {
			var stream []arrow.RecordBatch
			var matches int64 // output rows a run
			makeStream := func() {
				if stream != nil {
					return
				}
				scols := make([][]any, 2)
				x := uint64(3)
				for i := 0; i < streamRows; i++ {
					x = x*6364136223846793005 + 1442695040888963407
					k := int64((x>>33)%uint64(buildRows)) * 7
					if sh.miss && i%10 != 0 {
						k++
					}
					var key any = k
					if sh.nulls && i%10 == 3 {
						key = nil
					}
					if key != nil && k%7 == 0 {
						matches++
					}
					scols[0], scols[1] = append(scols[0], key), append(scols[1], int64(i))
				}
				stream = nativetest.Batches(mem, sch, scols, 8192)
				scols = nil // the boxed values would keep the GC busy during the runs
				runtime.GC()
			}
			name := fmt.Sprintf("build=%d/nulls=%v", buildRows, sh.nulls)
			if sh.miss {
				name += "/stream=miss"
			}
			b.Run(name, func(b *testing.B) {
				b.StopTimer()
				makeBuild()
				makeStream()
				b.SetBytes(int64(streamRows * 16))
				var probeCPU, opCPU time.Duration
				var rows int64
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					opStart := cpuTime()
					var probeStart time.Duration
					l := &replay{Source: nativetest.NewSource(sch.ArrowSchema("UTC"), nil), batches: stream,
						first: func() { b.StartTimer(); probeStart = cpuTime() }}
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
						rows += rec.NumRows()
						rec.Release()
					}
					op.Close()
					end := cpuTime()
					b.StopTimer()
					probeCPU += end - probeStart
					opCPU += end - opStart
				}
				if want := matches * int64(b.N); rows != want {
					b.Fatalf("%d rows out, want %d", rows, want)
				}
				total := float64(streamRows) * float64(b.N) / 1e6
				b.ReportMetric(total/b.Elapsed().Seconds(), "Mrows/s")
				b.ReportMetric(total/probeCPU.Seconds(), "Mrows/cpu-s")
				b.ReportMetric(total/opCPU.Seconds(), "op-Mrows/cpu-s")
			})
			for _, r := range stream {
				r.Release()
			}
		}
		for _, r := range build {
			r.Release()
		}
	}
}
