package join

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's CPU time (user + system) so far: on a shared
// machine a benchmark's rate per CPU second is steadier than per wall second
// (the process's GC work counts, other processes' does not).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIntTableProbe: the probe kernel alone (heads, then candidates)
// over an intTable of unique int64 keys, 8192-row stream batches; 4M stream
// rows a run. stream=fk: every row matches one build row (a foreign key),
// stream=miss: 9 rows in 10 match nothing. Bytes are the stream keys'.
func BenchmarkIntTableProbe(b *testing.B) {
	const streamRows, batch = 1 << 22, 8192
	for _, buildRows := range []int{1 << 10, 1 << 16, 1 << 20, 1 << 23} {
		keys := make([]int64, buildRows)
		for i := range keys {
			keys[i] = int64(i) * 7
		}
		t, err := newIntTable(keys, make([]bool, buildRows))
		if err != nil {
			b.Fatal(err)
		}
		for _, miss := range []bool{false, true} {
			stream := make([]int64, streamRows)
			x := uint64(3)
			for i := range stream {
				x = x*6364136223846793005 + 1442695040888963407
				stream[i] = int64((x>>33)%uint64(buildRows)) * 7
				if miss && i%10 != 0 {
					stream[i]++
				}
			}
			name := "fk"
			if miss {
				name = "miss"
			}
			nullKey := make([]bool, batch)
			heads := make([]uint64, batch)
			sIdx, bIdx := make([]int32, 0, batch), make([]int32, 0, batch)
			b.Run(fmt.Sprintf("build=%d/stream=%s", buildRows, name), func(b *testing.B) {
				b.SetBytes(streamRows * 8)
				matched := 0
				cpu := cpuTime()
				for i := 0; i < b.N; i++ {
					for s := 0; s < streamRows; s += batch {
						words := stream[s : s+batch]
						t.heads(words, nullKey, heads)
						cur := cursor{}
						for cur.row < len(words) {
							sIdx, bIdx, cur = t.candidates(words, heads, cur, batch, sIdx[:0], bIdx[:0])
							matched += len(sIdx)
						}
					}
				}
				cpu = cpuTime() - cpu
				if want := streamRows * b.N; !miss && matched != want {
					b.Fatalf("%d matches, want %d", matched, want)
				}
				b.ReportMetric(float64(streamRows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
				b.ReportMetric(float64(streamRows)*float64(b.N)/cpu.Seconds()/1e6, "Mrows/cpu-s")
			})
		}
	}
}

var loadSink uint64

// BenchmarkRandomLoads is the machine's bound for a probe with one cache
// miss a row: independent 8-byte loads at random places of an array of each
// size (no load's address depends on another's), ns/op a load.
func BenchmarkRandomLoads(b *testing.B) {
	for _, mb := range []int{1, 8, 32, 256} {
		n := mb << 20 / 8
		t := make([]uint64, n)
		for i := range t {
			t[i] = uint64(i)
		}
		mask := uint64(n - 1)
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			var s uint64
			x := uint64(1)
			for i := 0; i < b.N; i++ {
				x = x*6364136223846793005 + 1442695040888963407
				s += t[(x>>20)&mask]
			}
			loadSink = s
		})
	}
}

// BenchmarkIntTableBuild: newIntTable over build keys in random order, unique
// (a dimension) or each key on 15 rows (a fact table's foreign key, as TPC-H
// orders' o_custkey); Mrows/cpu-s of the build.
func BenchmarkIntTableBuild(b *testing.B) {
	for _, c := range []struct {
		rows, perKey int
	}{{1 << 20, 1}, {185_000, 15}, {1 << 20, 15}} {
		keys := make([]int64, c.rows)
		x := uint64(7)
		for i := range keys {
			x = x*6364136223846793005 + 1442695040888963407
			keys[i] = int64((x>>33)%uint64(c.rows/c.perKey)) * 7
		}
		nullKey := make([]bool, c.rows)
		b.Run(fmt.Sprintf("rows=%d/perKey=%d", c.rows, c.perKey), func(b *testing.B) {
			b.SetBytes(int64(c.rows) * 8)
			cpu := cpuTime()
			for i := 0; i < b.N; i++ {
				if _, err := newIntTable(keys, nullKey); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(c.rows)*float64(b.N)/(cpuTime()-cpu).Seconds()/1e6, "Mrows/cpu-s")
		})
	}
}
