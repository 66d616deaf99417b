package parquetscan

import (
	"bytes"
	"context"
	"math"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/ember-spark/ember/sparkplan/types"
)

// testCol describes one column of a generated test file: how to write it and
// what the scan must return for it.
type testCol struct {
	name      string
	arrowType arrow.DataType // type written with pqarrow
	nullable  bool
	req       types.DataType // Spark type it is read as
	// gen returns the value written at row i (a Go value the builder takes)
	// and false for NULL.
	gen func(i int) (any, bool)
	// want returns the value the scan must return at row i (nil for NULL), in
	// the Go type cellValue produces. Defaults to gen's value.
	want func(i int) any
}

type writeOpts struct {
	rowGroupRows int64
	dict         bool
	codec        compress.Compression
	decAsInt     bool
	int96        bool
	pageSize     int64
	dictLimit    int64 // dictionary page size limit; 0: arrow-go's default
	kv           map[string]string
}

func (w writeOpts) withDefaults() writeOpts {
	if w.rowGroupRows == 0 {
		w.rowGroupRows = 100
	}
	return w
}

// buildRecord builds the Arrow record of n rows of cols.
func buildRecord(t testing.TB, cols []testCol, n int) arrow.RecordBatch {
	t.Helper()
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.name, Type: c.arrowType, Nullable: c.nullable}
	}
	sc := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(memory.NewGoAllocator(), sc)
	defer b.Release()
	for ci, c := range cols {
		fb := b.Field(ci)
		for i := 0; i < n; i++ {
			v, ok := c.gen(i)
			if !ok {
				fb.AppendNull()
				continue
			}
			appendValue(t, fb, v)
		}
	}
	return b.NewRecordBatch()
}

func appendValue(t testing.TB, b array.Builder, v any) {
	switch b := b.(type) {
	case *array.BooleanBuilder:
		b.Append(v.(bool))
	case *array.Int8Builder:
		b.Append(v.(int8))
	case *array.Int16Builder:
		b.Append(v.(int16))
	case *array.Int32Builder:
		b.Append(v.(int32))
	case *array.Int64Builder:
		b.Append(v.(int64))
	case *array.Uint8Builder:
		b.Append(v.(uint8))
	case *array.Uint16Builder:
		b.Append(v.(uint16))
	case *array.Uint32Builder:
		b.Append(v.(uint32))
	case *array.Uint64Builder:
		b.Append(v.(uint64))
	case *array.Float32Builder:
		b.Append(v.(float32))
	case *array.Float64Builder:
		b.Append(v.(float64))
	case *array.Decimal128Builder:
		b.Append(v.(decimal128.Num))
	case *array.StringBuilder:
		b.Append(v.(string))
	case *array.BinaryBuilder:
		b.Append(v.([]byte))
	case *array.Date32Builder:
		b.Append(arrow.Date32(v.(int32)))
	case *array.TimestampBuilder:
		b.Append(arrow.Timestamp(v.(int64)))
	default:
		t.Fatalf("no append for %T", b)
	}
}

// writeParquet writes n rows of cols to a new file in dir and returns its path.
func writeParquet(t testing.TB, path string, cols []testCol, n int, w writeOpts) string {
	t.Helper()
	w = w.withDefaults()
	rec := buildRecord(t, cols, n)
	defer rec.Release()
	props := []parquet.WriterProperty{
		parquet.WithMaxRowGroupLength(w.rowGroupRows),
		parquet.WithDictionaryDefault(w.dict),
		parquet.WithCompression(w.codec),
		parquet.WithStats(true),
	}
	if w.decAsInt {
		props = append(props, parquet.WithStoreDecimalAsInteger(true))
	}
	if w.pageSize > 0 {
		props = append(props, parquet.WithDataPageSize(w.pageSize))
	}
	if w.dictLimit > 0 {
		// The writer checks the limit after each write batch: small batches
		// make it fall back to plain pages within a row group.
		props = append(props, parquet.WithDictionaryPageSizeLimit(w.dictLimit), parquet.WithBatchSize(64))
	}
	var arrProps []pqarrow.WriterOption
	if w.int96 {
		arrProps = append(arrProps, pqarrow.WithDeprecatedInt96Timestamps(true))
	}
	var buf bytes.Buffer
	fw, err := pqarrow.NewFileWriter(rec.Schema(), &buf, parquet.NewWriterProperties(props...),
		pqarrow.NewArrowWriterProperties(arrProps...))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range w.kv {
		if err := fw.AppendKeyValueMetadata(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := fw.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// requiredOf is the required schema reading cols as their req types.
func requiredOf(cols []testCol) types.Schema {
	s := make(types.Schema, len(cols))
	for i, c := range cols {
		s[i] = types.Field{Name: c.name, Type: c.req, Nullable: true}
	}
	return s
}

// wholeFile is one split covering the whole file at path.
func wholeFile(t testing.TB, path string) Split {
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return Split{Path: path, Start: 0, Length: st.Size(), FileSize: st.Size()}
}

type scanResult struct {
	rows    [][]any
	batches []int
	metrics ScanMetrics
	native  nativeCounts
}

type nativeCounts struct{ rows, batches int64 }

// runScan runs a scan to the end with a checked allocator, checks the batch
// contract, and returns the rows as Go values.
func runScan(t testing.TB, opts Options) (scanResult, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	res, err := runScanWith(t, opts, mem)
	return res, err
}

func runScanWith(t testing.TB, opts Options, mem memory.Allocator) (res scanResult, err error) {
	return runScanSetup(t, opts, mem, nil)
}

// runScanSetup is runScanWith with setup (if not nil) run on the scan before
// Open. With a setup, the native row count is not checked against the rows
// returned (a row filter counts the rows it drops).
func runScanSetup(t testing.TB, opts Options, mem memory.Allocator, setup func(*Scan) error) (res scanResult, err error) {
	t.Helper()
	ctx := context.Background()
	sc, err := New(opts, mem)
	if err != nil {
		return res, err
	}
	if setup != nil {
		if err := setup(sc); err != nil {
			sc.Close()
			return res, err
		}
	}
	defer func() {
		if cerr := sc.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if err := sc.Open(ctx); err != nil {
		return res, err
	}
	want := opts.Required.ArrowSchema(opts.SessionTimeZone)
	limit := opts.batchSize()
	for {
		rec, err := sc.Next(ctx)
		if err != nil {
			res.metrics = sc.ScanMetrics()
			return res, err
		}
		if rec == nil {
			break
		}
		if !rec.Schema().Equal(want) {
			rec.Release()
			t.Fatalf("batch schema %s, want %s", rec.Schema(), want)
		}
		if rec.NumRows() <= 0 || rec.NumRows() > limit {
			rec.Release()
			t.Fatalf("batch of %d rows (limit %d)", rec.NumRows(), limit)
		}
		for c := 0; c < int(rec.NumCols()); c++ {
			if !arrow.TypeEqual(rec.Column(c).DataType(), want.Field(c).Type) {
				t.Fatalf("column %d type %s, want %s", c, rec.Column(c).DataType(), want.Field(c).Type)
			}
		}
		res.batches = append(res.batches, int(rec.NumRows()))
		for i := 0; i < int(rec.NumRows()); i++ {
			row := make([]any, rec.NumCols())
			for c := range row {
				row[c] = cellValue(t, rec.Column(c), i)
			}
			res.rows = append(res.rows, row)
		}
		rec.Release()
	}
	// The end is sticky.
	if rec, err := sc.Next(ctx); rec != nil || err != nil {
		t.Fatalf("Next after the end = %v, %v", rec, err)
	}
	res.metrics = sc.ScanMetrics()
	m := sc.Metrics()
	res.native = nativeCounts{m.OutputRows, m.OutputBatches}
	if (setup == nil && m.OutputRows != int64(len(res.rows))) || m.OutputBatches != int64(len(res.batches)) {
		t.Fatalf("metrics say %d rows in %d batches, got %d in %d", m.OutputRows, m.OutputBatches, len(res.rows), len(res.batches))
	}
	return res, nil
}

// cellValue is the Go value of arr[i], nil for NULL.
func cellValue(t testing.TB, arr arrow.Array, i int) any {
	if arr.IsNull(i) {
		return nil
	}
	switch a := arr.(type) {
	case *array.Boolean:
		return a.Value(i)
	case *array.Int8:
		return a.Value(i)
	case *array.Int16:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Float32:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.Decimal128:
		return a.Value(i)
	case *array.String:
		return a.Value(i)
	case *array.Binary:
		return string(a.Value(i))
	case *array.Date32:
		return int32(a.Value(i))
	case *array.Timestamp:
		return int64(a.Value(i))
	case *array.Null:
		return nil
	}
	t.Fatalf("no cellValue for %T", arr)
	return nil
}

// sameValue compares two cell values; floats compare by bits so that NaN and
// -0.0 are checked exactly.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case float32:
		y, ok := b.(float32)
		return ok && math.Float32bits(x) == math.Float32bits(y)
	case float64:
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	case []byte:
		return false
	}
	return a == b
}

// expectRow is the expected output row i of cols.
func expectRow(cols []testCol, i int) []any {
	row := make([]any, len(cols))
	for c, col := range cols {
		if col.want != nil {
			row[c] = col.want(i)
			continue
		}
		v, ok := col.gen(i)
		if !ok {
			row[c] = nil
			continue
		}
		if b, isBytes := v.([]byte); isBytes {
			v = string(b)
		}
		row[c] = v
	}
	return row
}

func checkRows(t testing.TB, cols []testCol, got [][]any, wantIdx []int) {
	t.Helper()
	if len(got) != len(wantIdx) {
		t.Fatalf("got %d rows, want %d", len(got), len(wantIdx))
	}
	for r, i := range wantIdx {
		want := expectRow(cols, i)
		for c := range want {
			if !sameValue(got[r][c], want[c]) {
				t.Fatalf("row %d (source row %d) column %q: got %v (%T), want %v (%T)",
					r, i, cols[c].name, got[r][c], got[r][c], want[c], want[c])
			}
		}
	}
}

func seq(from, to int) []int {
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func dec(v int64) decimal128.Num { return decimal128.FromI64(v) }
