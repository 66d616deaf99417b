package translate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/nativetest"
	"github.com/ember-spark/ember/sparkplan"
	"github.com/ember-spark/ember/sparkplan/types"
)

// writeInts writes column a = 0..n-1 (every 10th NULL) in row groups of 100.
func writeInts(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ints.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int32, Nullable: true}}, nil)
	w, err := pqarrow.NewFileWriter(schema, f, parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(100)), pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	b := array.NewInt32Builder(memory.DefaultAllocator)
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			b.AppendNull()
		} else {
			b.Append(int32(i))
		}
	}
	col := b.NewArray()
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, int64(n))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rec.Release()
	col.Release()
	return path
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// SELECT a + 1 AS b FROM t WHERE a >= 950 over a real file, with the pushed
// filter pruning row groups.
func TestBuildScanFilterProject(t *testing.T) {
	path := writeInts(t, 1000)
	st, _ := os.Stat(path)
	required := types.Schema{{Name: "a", Type: types.IntType, Nullable: true}}
	a := must(sparkplan.NewColumnRef(required, 0, "a"))
	cond := must(sparkplan.NewComparison(sparkplan.GreaterThanOrEqual, a, must(sparkplan.NewLiteral(types.IntType, int32(950)))))
	scan := must(sparkplan.NewParquetScan(3, required, []sparkplan.Expr{cond},
		[]sparkplan.FileSplit{{Path: "file://" + path, Start: 0, Length: st.Size(), FileSize: st.Size()}}, false))
	filter := must(sparkplan.NewFilter(2, scan, cond))
	sum := must(sparkplan.NewArithmetic(sparkplan.Add, a, must(sparkplan.NewLiteral(types.IntType, int32(1))), types.IntType, true, sparkplan.Legacy))
	project := must(sparkplan.NewProject(1, filter, []sparkplan.Expr{sum}, []string{"b"}))

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	op, err := Build(&sparkplan.Task{Root: project, BatchSize: 16, SessionTimeZone: "UTC"}, Env{Mem: mem})
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := nativetest.Drain(t, op)
	var want []any
	for i := 950; i < 1000; i++ {
		if i%10 != 0 {
			want = append(want, int32(i+1))
		}
	}
	nativetest.CheckColumns(t, cols, [][]any{want})
	if got := op.Children()[0].Children()[0].Metrics().OutputRows; got != 100 {
		t.Errorf("the scan read %d rows; pruning should have left only the last row group (100 rows)", got)
	}
}

func TestBuildRejectsWhatItCannotRun(t *testing.T) {
	in := must(sparkplan.NewArrowInput(1, types.Schema{{Name: "a", Type: types.IntType, Nullable: true}}))
	a := must(sparkplan.NewColumnRef(in.Output(), 0, "a"))
	// -x in TRY mode (Spark has none) is not implemented by the sidecar.
	ansi := must(sparkplan.NewScalarFunction("UnaryMinus", []sparkplan.Expr{a}, types.IntType, true, sparkplan.Try))
	project := must(sparkplan.NewProject(2, in, []sparkplan.Expr{ansi}, []string{"b"}))
	_, err := Build(&sparkplan.Task{Root: project, BatchSize: 8}, Env{Mem: memory.NewGoAllocator(), Input: func(context.Context, int) (native.RecordSource, error) { return nil, nil }})
	if err == nil || !strings.Contains(err.Error(), "Project (plan id 2)") {
		t.Fatalf("want an error naming the node, got %v", err)
	}
}

func TestRegistriesListWhatTheBuildersCover(t *testing.T) {
	if got := strings.Join(SupportedOperators(), ","); got != "ArrowInput,Expand,Filter,HashAggregate,HashJoin,Limit,ParquetScan,Project,Sort,TopN,Union" {
		t.Errorf("operators: %s", got)
	}
	if len(SupportedExpressions()) != 11 {
		t.Errorf("expressions: %v", SupportedExpressions())
	}
}

// The function names sparkplan accepts are exactly those translate builds.
func TestFunctionRegistriesAgree(t *testing.T) {
	if got, want := strings.Join(SupportedFunctions(), ","), strings.Join(sparkplan.FunctionNames(), ","); got != want {
		t.Errorf("translate builds %s but sparkplan checks %s", got, want)
	}
}

// Every registered function builds from a plan, and a math function in ANSI
// mode is refused with the node named.
func TestBuildScalarFunctions(t *testing.T) {
	in := must(sparkplan.NewArrowInput(1, types.Schema{
		{Name: "a", Type: types.IntType, Nullable: true},
		{Name: "l", Type: types.LongType, Nullable: true},
		{Name: "dt", Type: types.DateType, Nullable: true},
		{Name: "x", Type: types.DecimalType(10, 2), Nullable: true},
	}))
	a := must(sparkplan.NewColumnRef(in.Output(), 0, "a"))
	l := must(sparkplan.NewColumnRef(in.Output(), 1, "l"))
	dt := must(sparkplan.NewColumnRef(in.Output(), 2, "dt"))
	x := must(sparkplan.NewColumnRef(in.Output(), 3, "x"))
	one := must(sparkplan.NewLiteral(types.IntType, int32(1)))
	s := must(sparkplan.NewLiteral(types.StringType, "é日"))
	cond := sparkplan.NewIsNull(a)
	f := func(name string, result types.DataType, mode sparkplan.EvalMode, args ...sparkplan.Expr) sparkplan.Expr {
		return must(sparkplan.NewScalarFunction(name, args, result, true, mode))
	}
	exprs := []sparkplan.Expr{
		f("CaseWhen", types.IntType, sparkplan.Legacy, cond, one, a),
		f("If", types.IntType, sparkplan.Legacy, cond, one, a),
		f("Coalesce", types.IntType, sparkplan.Legacy, a, one),
		f("Greatest", types.IntType, sparkplan.Legacy, a, one),
		f("Least", types.IntType, sparkplan.Legacy, a, one),
		f("In", types.BooleanType, sparkplan.Legacy, a, one, a),
		f("InSet", types.BooleanType, sparkplan.Legacy, a, one),
		f("UnaryMinus", types.IntType, sparkplan.Legacy, a),
		f("Abs", types.IntType, sparkplan.Legacy, a),
		f("Remainder", types.IntType, sparkplan.Legacy, a, one),
		f("Pmod", types.IntType, sparkplan.Legacy, a, one),
		f("IntegralDivide", types.LongType, sparkplan.Legacy, l, l),
		f("StartsWith", types.BooleanType, sparkplan.Legacy, s, s),
		f("EndsWith", types.BooleanType, sparkplan.Legacy, s, s),
		f("Contains", types.BooleanType, sparkplan.Legacy, s, s),
		f("Length", types.IntType, sparkplan.Legacy, s),
		f("Year", types.IntType, sparkplan.Legacy, dt),
		f("Month", types.IntType, sparkplan.Legacy, dt),
		f("DayOfMonth", types.IntType, sparkplan.Legacy, dt),
		f("Quarter", types.IntType, sparkplan.Legacy, dt),
		f("DayOfWeek", types.IntType, sparkplan.Legacy, dt),
		f("WeekDay", types.IntType, sparkplan.Legacy, dt),
		f("DayOfYear", types.IntType, sparkplan.Legacy, dt),
		f("WeekOfYear", types.IntType, sparkplan.Legacy, dt),
		f("LastDay", types.DateType, sparkplan.Legacy, dt),
		f("DateAdd", types.DateType, sparkplan.Legacy, dt, a),
		f("DateSub", types.DateType, sparkplan.Legacy, dt, a),
		f("DateDiff", types.IntType, sparkplan.Legacy, dt, dt),
		f("AddMonths", types.DateType, sparkplan.Legacy, dt, a),
		f("Round", types.DecimalType(10, 1), sparkplan.Legacy, x, one),
		f("BRound", types.IntType, sparkplan.Legacy, a, must(sparkplan.NewLiteral(types.IntType, int32(-1)))),
		f("RoundCeil", types.DecimalType(10, 1), sparkplan.Legacy, x, one),
		f("RoundFloor", types.DecimalType(10, 1), sparkplan.Legacy, x, one),
		f("Floor", types.DecimalType(9, 0), sparkplan.Legacy, x),
		f("Ceil", types.LongType, sparkplan.Legacy, l),
		f("Upper", types.StringType, sparkplan.Legacy, s),
		f("Lower", types.StringType, sparkplan.Legacy, s),
		f("Substring", types.StringType, sparkplan.Legacy, s, one, one),
		f("Substring", types.StringType, sparkplan.Legacy, s, a, one),
		f("Concat", types.StringType, sparkplan.Legacy, s, s),
		f("StringTrim", types.StringType, sparkplan.Legacy, s),
		f("StringTrimLeft", types.StringType, sparkplan.Legacy, s, s),
		f("StringTrimRight", types.StringType, sparkplan.Legacy, s),
		f("Like", types.BooleanType, sparkplan.Legacy, s, s, must(sparkplan.NewLiteral(types.StringType, "\\"))),
		f("NormalizeNaNAndZero", types.DoubleType, sparkplan.Legacy, must(sparkplan.NewLiteral(types.DoubleType, 1.5))),
		f("UnscaledValue", types.LongType, sparkplan.Legacy, x),
		f("MakeDecimal", types.DecimalType(7, 2), sparkplan.Legacy, must(sparkplan.NewLiteral(types.LongType, int64(12345)))),
		f("Murmur3Hash", types.IntType, sparkplan.Legacy, a, s, x, dt),
		f("XxHash64", types.LongType, sparkplan.Legacy, l, one),
	}
	built := map[string]bool{}
	for _, e := range exprs {
		built[e.(*sparkplan.ScalarFunction).Name] = true
	}
	for _, name := range SupportedFunctions() {
		if !built[name] {
			t.Errorf("function %s has no build test", name)
		}
	}
	names := make([]string, len(exprs))
	for i := range names {
		names[i] = fmt.Sprintf("c%d", i)
	}
	env := Env{Mem: memory.NewGoAllocator(), Input: func(context.Context, int) (native.RecordSource, error) { return nil, nil }}
	project := must(sparkplan.NewProject(2, in, exprs, names))
	if _, err := Build(&sparkplan.Task{Root: project, BatchSize: 8}, env); err != nil {
		t.Fatal(err)
	}
	try := must(sparkplan.NewProject(2, in, []sparkplan.Expr{f("UnaryMinus", types.IntType, sparkplan.Try, a)}, []string{"r"}))
	_, err := Build(&sparkplan.Task{Root: try, BatchSize: 8}, env)
	if err == nil || !strings.Contains(err.Error(), "Project (plan id 2)") || !strings.Contains(err.Error(), "TRY") {
		t.Fatalf("want a TRY-mode error naming the node, got %v", err)
	}
}
