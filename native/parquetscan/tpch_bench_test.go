package parquetscan

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// BenchmarkScanTPCH scans TPC-H files that bench/tpch.py generated (tpchgen-cli:
// dictionary pages, parquet-rs), with the columns the TPC-H queries read, so
// the reader is measured on the data the end-to-end benchmark reads. It runs
// only when EMBER_TPCH_DIR names a scale factor's directory, e.g.
// build/bench/data/sf1.
func BenchmarkScanTPCH(b *testing.B) {
	dir := os.Getenv("EMBER_TPCH_DIR")
	if dir == "" {
		b.Skip("EMBER_TPCH_DIR is not set")
	}
	dec := types.DecimalType(15, 2)
	cases := []struct {
		name, table string
		cols        types.Schema
	}{
		// Q19's lineitem columns: longs, decimals and two dictionary strings.
		{"q19_lineitem", "lineitem", types.Schema{
			{Name: "l_partkey", Type: types.LongType}, {Name: "l_quantity", Type: dec},
			{Name: "l_extendedprice", Type: dec}, {Name: "l_discount", Type: dec},
			{Name: "l_shipinstruct", Type: types.StringType}, {Name: "l_shipmode", Type: types.StringType}}},
		// Q6's: decimals and a date.
		{"q6_lineitem", "lineitem", types.Schema{
			{Name: "l_quantity", Type: dec}, {Name: "l_extendedprice", Type: dec},
			{Name: "l_discount", Type: dec}, {Name: "l_shipdate", Type: types.DateType}}},
		// Q10's customer columns: mostly distinct strings (zstd).
		{"q10_customer", "customer", types.Schema{
			{Name: "c_custkey", Type: types.LongType}, {Name: "c_name", Type: types.StringType},
			{Name: "c_address", Type: types.StringType}, {Name: "c_nationkey", Type: types.LongType},
			{Name: "c_phone", Type: types.StringType}, {Name: "c_acctbal", Type: dec},
			{Name: "c_comment", Type: types.StringType}}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			path := filepath.Join(dir, c.table+".parquet")
			for i := range c.cols {
				c.cols[i].Nullable = true
			}
			opts := Options{Required: c.cols, Splits: []Split{wholeFile(b, path)}}
			mem := memory.NewGoAllocator()
			b.ReportAllocs()
			var bytes int64
			// CPU time, GC workers included: what a scan costs a shared machine.
			cpu := kerneltest.CPUTime()
			for i := 0; i < b.N; i++ {
				bytes = scanBytes(b, opts, mem)
			}
			b.ReportMetric(float64(kerneltest.CPUTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
			b.SetBytes(bytes)
		})
	}
}
