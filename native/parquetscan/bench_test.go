package parquetscan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/ember-spark/ember/sparkplan/types"
)

const benchRows = 1 << 20

func benchCols(nulls bool) []testCol {
	k := 0
	if nulls {
		k = 10 // every 10th value NULL
	}
	return []testCol{
		{name: "l", arrowType: arrow.PrimitiveTypes.Int64, nullable: true, req: types.LongType,
			gen: nullEvery(k, func(i int) any { return int64(i)*7919 ^ int64(i>>3) })},
		{name: "d", arrowType: arrow.PrimitiveTypes.Float64, nullable: true, req: types.DoubleType,
			gen: nullEvery(k, func(i int) any { return float64(i%100000) * 1.25 })},
		{name: "dec_int64", arrowType: &arrow.Decimal128Type{Precision: 12, Scale: 2}, nullable: true, req: types.DecimalType(12, 2),
			gen: nullEvery(k, func(i int) any { return dec(int64(i%1000003) * 101) })},
		{name: "dec_flba", arrowType: &arrow.Decimal128Type{Precision: 28, Scale: 4}, nullable: true, req: types.DecimalType(28, 4),
			gen: nullEvery(k, func(i int) any { return dec(int64(i) * 1000003) })},
		{name: "s", arrowType: arrow.BinaryTypes.String, nullable: true, req: types.StringType,
			gen: nullEvery(k, func(i int) any { return fmt.Sprintf("customer#%09d", i%50000) })},
	}
}

var benchFiles sync.Map // "nulls=<bool>" -> path

func benchFile(b *testing.B, nulls bool) string {
	key := fmt.Sprint(nulls)
	if p, ok := benchFiles.Load(key); ok {
		return p.(string)
	}
	dir, err := os.MkdirTemp("", "parquetscan-bench")
	if err != nil {
		b.Fatal(err)
	}
	path := writeParquet(b, filepath.Join(dir, "bench.parquet"), benchCols(nulls), benchRows,
		writeOpts{rowGroupRows: 128 << 10, dict: true, codec: compress.Codecs.Snappy, decAsInt: true})
	benchFiles.Store(key, path)
	return path
}

func TestMain(m *testing.M) {
	code := m.Run()
	benchFiles.Range(func(_, p any) bool {
		_ = os.RemoveAll(filepath.Dir(p.(string)))
		return true
	})
	os.Exit(code)
}

// scanBytes scans once and returns the bytes of Arrow data produced.
func scanBytes(b *testing.B, opts Options, mem memory.Allocator) int64 {
	ctx := context.Background()
	sc, err := New(opts, mem)
	if err != nil {
		b.Fatal(err)
	}
	defer sc.Close()
	if err := sc.Open(ctx); err != nil {
		b.Fatal(err)
	}
	var total int64
	for {
		rec, err := sc.Next(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if rec == nil {
			return total
		}
		for _, c := range rec.Columns() {
			for _, buf := range c.Data().Buffers() {
				if buf != nil {
					total += int64(buf.Len())
				}
			}
		}
		rec.Release()
	}
}

// BenchmarkScan scans a 1 Mi-row, 8-row-group, snappy file; bytes/s is Arrow
// output bytes per second.
func BenchmarkScan(b *testing.B) {
	all := benchCols(false)
	sets := map[string][]int{"all": {0, 1, 2, 3, 4}, "int64": {0}, "double": {1}, "decimal_int64": {2}, "decimal_flba": {3}, "string": {4}}
	for _, nulls := range []bool{false, true} {
		for _, name := range []string{"all", "int64", "double", "decimal_int64", "decimal_flba", "string"} {
			b.Run(fmt.Sprintf("nulls=%v/%s", nulls, name), func(b *testing.B) {
				path := benchFile(b, nulls)
				var picked []testCol
				for _, i := range sets[name] {
					picked = append(picked, all[i])
				}
				opts := Options{Required: requiredOf(picked), Splits: []Split{{Path: path, Length: 1 << 40}}}
				mem := memory.NewGoAllocator()
				b.SetBytes(scanBytes(b, opts, mem))
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					scanBytes(b, opts, mem)
				}
				b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
			})
		}
	}
}

// BenchmarkPqarrowBaseline reads the same file with arrow-go's own pqarrow
// record reader (no type mapping to Spark), for comparison.
func BenchmarkPqarrowBaseline(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("nulls=%v/all", nulls), func(b *testing.B) {
			path := benchFile(b, nulls)
			ctx := context.Background()
			b.ReportAllocs()
			var bytes int64
			for i := 0; i <= b.N; i++ {
				if i == 1 {
					b.SetBytes(bytes)
					b.ResetTimer()
				}
				rdr, err := file.OpenParquetFile(path, false)
				if err != nil {
					b.Fatal(err)
				}
				fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: DefaultBatchSize}, memory.NewGoAllocator())
				if err != nil {
					b.Fatal(err)
				}
				rr, err := fr.GetRecordReader(ctx, nil, nil)
				if err != nil {
					b.Fatal(err)
				}
				var total int64
				for rr.Next() {
					rec := rr.RecordBatch()
					for _, c := range rec.Columns() {
						for _, buf := range c.Data().Buffers() {
							if buf != nil {
								total += int64(buf.Len())
							}
						}
					}
				}
				if err := rr.Err(); err != nil {
					b.Fatal(err)
				}
				rr.Release()
				rdr.Close()
				bytes = total
			}
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
		})
	}
}
