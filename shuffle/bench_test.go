package shuffle_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/shuffle"
	"github.com/ember-spark/ember/sparkplan/types"
)

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

// benchData is a data shape of the shuffle benchmarks: its schema, and row
// i's values (nulls: some values NULL).
type benchData struct {
	name   string
	schema types.Schema
	row    func(i int, rnd func() uint64, nulls bool) []any
}

var benchShapes = []benchData{
	// ints: a random 24-bit int64 key, an int64 counter, a double of 1000
	// values (the original benchmark's data).
	{"ints", types.Schema{{Name: "k", Type: types.LongType, Nullable: true},
		{Name: "v", Type: types.LongType, Nullable: true}, {Name: "d", Type: types.DoubleType, Nullable: true}},
		func(i int, rnd func() uint64, nulls bool) []any {
			var k, v, d any = int64(rnd() >> 40), int64(i), float64(i%1000) / 8
			if nulls && i%10 == 3 {
				k, d = nil, nil
			}
			return []any{k, v, d}
		}},
	// lineitem: TPC-H lineitem's shapes, keyed by l_orderkey: orderkey (about
	// 4 rows an order, sparse keys), partkey (random up to 200000), quantity
	// and extendedprice (decimal(12,2)), shipdate (a date in 1992-1998),
	// returnflag and shipmode (strings of 3 and 7 values).
	{"lineitem", types.Schema{{Name: "l_orderkey", Type: types.LongType, Nullable: true},
		{Name: "l_partkey", Type: types.LongType, Nullable: true},
		{Name: "l_quantity", Type: types.DecimalType(12, 2), Nullable: true},
		{Name: "l_extendedprice", Type: types.DecimalType(12, 2), Nullable: true},
		{Name: "l_shipdate", Type: types.DateType, Nullable: true},
		{Name: "l_returnflag", Type: types.StringType, Nullable: true},
		{Name: "l_shipmode", Type: types.StringType, Nullable: true}},
		func(i int, rnd func() uint64, nulls bool) []any {
			modes := [...]string{"AIR", "MAIL", "RAIL", "SHIP", "TRUCK", "REG AIR", "FOB"}
			flags := [...]string{"A", "N", "R"}
			qty := int64(rnd()%50 + 1)
			row := []any{int64(i/4)*32 + int64(i/4%8), int64(rnd()%200000 + 1), decimal128.FromI64(qty * 100),
				decimal128.FromI64(qty * int64(rnd()%100000+90000)), int32(8035 + rnd()%2526),
				flags[rnd()%3], modes[rnd()%7]}
			if nulls && i%10 == 3 {
				row[1], row[3], row[6] = nil, nil, nil
			}
			return row
		}},
	// random: three int64 columns of random bits (incompressible).
	{"random", types.Schema{{Name: "k", Type: types.LongType, Nullable: true},
		{Name: "a", Type: types.LongType, Nullable: true}, {Name: "b", Type: types.LongType, Nullable: true}},
		func(i int, rnd func() uint64, nulls bool) []any {
			var a any = mix(rnd())
			if nulls && i%10 == 3 {
				a = nil
			}
			return []any{mix(rnd()), a, mix(rnd())}
		}},
}

// mix scrambles an LCG's state (whose low bits repeat with short periods, which
// lz4 finds) into random bits (splitmix64's finalizer).
func mix(z uint64) int64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return int64(z ^ z>>31)
}

// BenchmarkShuffleWrite: 1M rows hash-partitioned on their first column 200
// ways into a data file. Bytes are the Arrow data in (every buffer of every
// input batch: values, offsets, string data, validity bitmaps); Mrows/cpu-s
// and MB/cpu-s are per CPU second of the process; ratio is the data file's
// size over the Arrow data in.
func BenchmarkShuffleWrite(b *testing.B) {
	const rows = 1 << 20
	for _, d := range benchShapes {
		for _, codec := range []spill.Codec{spill.LZ4, spill.Zstd} {
			if codec == spill.Zstd && d.name != "ints" {
				continue
			}
			for _, nulls := range []bool{false, true} {
				benchShuffleWrite(b, d, codec, nulls, rows)
			}
		}
	}
}

func benchShuffleWrite(b *testing.B, d benchData, codec spill.Codec, nulls bool, rows int) {
	mem := memory.NewGoAllocator()
	// The batches are made when the benchmark runs (not when -bench leaves it
	// out), once.
	var batches []arrow.RecordBatch
	var size int64
	defer func() { releaseBatches(batches) }()
	makeBatches := func() {
		if batches != nil {
			return
		}
		cols := make([][]any, len(d.schema))
		x := uint64(7)
		rnd := func() uint64 {
			x = x*6364136223846793005 + 1442695040888963407
			return x
		}
		for i := 0; i < rows; i++ {
			for c, v := range d.row(i, rnd, nulls) {
				cols[c] = append(cols[c], v)
			}
		}
		batches = nativetest.Batches(mem, d.schema, cols, 8192)
		cols = nil // the boxed values would keep the GC busy during the runs
		runtime.GC()
		for _, r := range batches {
			for _, c := range r.Columns() {
				for _, buf := range c.Data().Buffers() {
					if buf != nil {
						size += int64(buf.Len())
					}
				}
			}
		}
	}
	key, _ := expr.NewColumn(0, d.schema[0].Type)
	name := fmt.Sprintf("codec=%s/nulls=%v", codec, nulls)
	if d.name != "ints" {
		name = fmt.Sprintf("data=%s/codec=%s/nulls=%v", d.name, codec, nulls)
	}
	b.Run(name, func(b *testing.B) {
		makeBatches()
		b.ResetTimer()
		dir := b.TempDir()
		b.SetBytes(size)
		var written int64
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			w, err := shuffle.NewWriter(d.schema.ArrowSchema("UTC"), &shuffle.Hash{Keys: []expr.Evaluator{key}, N: 200},
				mem, shuffle.Options{Codec: codec}, 1, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range batches {
				if err := w.Write(b.Context(), r); err != nil {
					b.Fatal(err)
				}
			}
			lengths, err := w.Finish(filepath.Join(dir, "data"))
			if err != nil {
				b.Fatal(err)
			}
			for _, l := range lengths {
				written += l
			}
		}
		secs := (cpuTime() - cpu).Seconds()
		b.ReportMetric(float64(rows)*float64(b.N)/secs/1e6, "Mrows/cpu-s")
		b.ReportMetric(float64(size)*float64(b.N)/secs/1e6, "MB/cpu-s")
		b.ReportMetric(float64(written)/float64(size)/float64(b.N), "ratio")
	})
}

func releaseBatches(bs []arrow.RecordBatch) {
	for _, r := range bs {
		r.Release()
	}
}
