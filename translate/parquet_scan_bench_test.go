package translate

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// BenchmarkScanFilterTPCH: a Parquet scan of TPC-H lineitem (bench/tpch.py's
// SF files, EMBER_TPCH_DIR) with a filter right above it, with and without
// the scan's row filter, for filters that keep few and most rows: what the
// row filter saves or costs the two operators together. q19 keeps 7% of the
// rows (l_shipinstruct and l_shipmode), instruct3 75%, instruct4 all, like (a dictionary test) 25%.
func BenchmarkScanFilterTPCH(b *testing.B) {
	dir := os.Getenv("EMBER_TPCH_DIR")
	if dir == "" {
		b.Skip("EMBER_TPCH_DIR is not set")
	}
	path := filepath.Join(dir, "lineitem.parquet")
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	dec := types.DecimalType(15, 2)
	schema := types.Schema{
		{Name: "l_partkey", Type: types.LongType, Nullable: true}, {Name: "l_quantity", Type: dec, Nullable: true},
		{Name: "l_extendedprice", Type: dec, Nullable: true}, {Name: "l_discount", Type: dec, Nullable: true},
		{Name: "l_shipinstruct", Type: types.StringType, Nullable: true}, {Name: "l_shipmode", Type: types.StringType, Nullable: true},
	}
	col := func(i int) sparkplan.Expr { return must(sparkplan.NewColumnRef(schema, i, schema[i].Name)) }
	in := func(c int, values ...string) sparkplan.Expr {
		args := []sparkplan.Expr{col(c)}
		for _, v := range values {
			args = append(args, must(sparkplan.NewLiteral(types.StringType, v)))
		}
		return must(sparkplan.NewScalarFunction("In", args, types.BooleanType, true, sparkplan.Legacy))
	}
	conds := []struct {
		name string
		cond sparkplan.Expr
	}{
		{"q19", must(sparkplan.NewAnd(must(sparkplan.NewAnd(sparkplan.NewIsNotNull(col(4)), in(4, "DELIVER IN PERSON", "X"))),
			in(5, "AIR", "AIR REG")))},
		{"instruct3", in(4, "DELIVER IN PERSON", "COLLECT COD", "NONE")},
		{"instruct4", in(4, "DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN")},
		{"like", must(sparkplan.NewScalarFunction("Like", []sparkplan.Expr{col(4), must(sparkplan.NewLiteral(types.StringType, "DELIVER%")),
			must(sparkplan.NewLiteral(types.StringType, "\\"))}, types.BooleanType, true, sparkplan.Legacy))},
	}
	for _, c := range conds {
		for _, rowFilter := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/rowFilter=%v", c.name, rowFilter), func(b *testing.B) {
				scanRowFilterEnabled = rowFilter
				defer func() { scanRowFilterEnabled = true }()
				scan := must(sparkplan.NewParquetScan(2, schema, nil,
					[]sparkplan.FileSplit{{Path: path, Length: st.Size(), FileSize: st.Size()}}, false))
				filter := must(sparkplan.NewFilter(1, scan, c.cond))
				task := &sparkplan.Task{Root: filter, TaskID: "bench", SessionTimeZone: "UTC", BatchSize: 8192}
				mem := memory.NewGoAllocator()
				var rows int64
				cpu := kerneltest.CPUTime()
				for i := 0; i < b.N; i++ {
					op, err := Build(task, Env{Mem: mem})
					if err != nil {
						b.Fatal(err)
					}
					rows = nativetest.CountRows(b, op)
				}
				b.ReportMetric(float64(kerneltest.CPUTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
				b.ReportMetric(float64(rows), "rows")
			})
		}
	}
}
