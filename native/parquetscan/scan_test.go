package parquetscan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"

	"github.com/ember-spark/ember/sparkplan/types"
)

const sessionTZ = "America/Los_Angeles"

func nullEvery(k int, f func(i int) any) func(int) (any, bool) {
	return func(i int) (any, bool) {
		if k > 0 && i%k == k-1 {
			return nil, false
		}
		return f(i), true
	}
}

// allTypeCols covers every Spark type the scan reads, with nulls.
func allTypeCols() []testCol {
	tsUTC := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	tsMsUTC := &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}
	tsNTZ := &arrow.TimestampType{Unit: arrow.Microsecond}
	floatAt := func(i int) float64 {
		switch i % 50 {
		case 10:
			return math.NaN()
		case 11:
			return math.Copysign(0, -1)
		case 12:
			return math.Inf(-1)
		}
		return float64(i)/3 - 100
	}
	return []testCol{
		{name: "id", arrowType: arrow.PrimitiveTypes.Int64, req: types.LongType,
			gen: func(i int) (any, bool) { return int64(i), true }},
		{name: "b", arrowType: arrow.FixedWidthTypes.Boolean, nullable: true, req: types.BooleanType,
			gen: nullEvery(7, func(i int) any { return i%3 == 0 })},
		{name: "i8", arrowType: arrow.PrimitiveTypes.Int8, nullable: true, req: types.ByteType,
			gen: nullEvery(5, func(i int) any { return int8(i * 7) })},
		{name: "i16", arrowType: arrow.PrimitiveTypes.Int16, nullable: true, req: types.ShortType,
			gen: nullEvery(6, func(i int) any { return int16(i * 1000) })},
		{name: "i32", arrowType: arrow.PrimitiveTypes.Int32, nullable: true, req: types.IntType,
			gen: nullEvery(9, func(i int) any { return int32(i*100003 - 50000000) })},
		{name: "i64", arrowType: arrow.PrimitiveTypes.Int64, nullable: true, req: types.LongType,
			gen: nullEvery(4, func(i int) any { return int64(i)*1_000_000_000_007 - 500_000_000_000_000 })},
		{name: "f32", arrowType: arrow.PrimitiveTypes.Float32, nullable: true, req: types.FloatType,
			gen: nullEvery(8, func(i int) any { return float32(floatAt(i)) })},
		{name: "f64", arrowType: arrow.PrimitiveTypes.Float64, nullable: true, req: types.DoubleType,
			gen: nullEvery(3, func(i int) any { return floatAt(i) })},
		{name: "dec9", arrowType: &arrow.Decimal128Type{Precision: 9, Scale: 2}, nullable: true, req: types.DecimalType(9, 2),
			gen: nullEvery(11, func(i int) any { return dec(int64(i)*123457 - 99_999_999) })},
		{name: "dec18", arrowType: &arrow.Decimal128Type{Precision: 18, Scale: 3}, nullable: true, req: types.DecimalType(18, 3),
			gen: nullEvery(13, func(i int) any { return dec(int64(i)*1_000_000_000_003 - 999_999_999_999_999_999 + int64(i)) })},
		{name: "dec38", arrowType: &arrow.Decimal128Type{Precision: 38, Scale: 4}, nullable: true, req: types.DecimalType(38, 4),
			gen: nullEvery(10, func(i int) any {
				v := decimal128.New(int64(i)<<40, uint64(i)*0x9e3779b97f4a7c15)
				if i%2 == 0 {
					v = v.Negate()
				}
				return v
			})},
		{name: "s", arrowType: arrow.BinaryTypes.String, nullable: true, req: types.StringType,
			gen: nullEvery(6, func(i int) any {
				if i%4 == 0 {
					return fmt.Sprintf("unique-%d-%s", i, strings.Repeat("x", i%17))
				}
				return fmt.Sprintf("v%02d", i%37)
			})},
		{name: "bin", arrowType: arrow.BinaryTypes.Binary, nullable: true, req: types.BinaryType,
			gen: nullEvery(7, func(i int) any { return []byte{byte(i), 0, 0xff, byte(i >> 8)}[:i%5] })},
		{name: "d", arrowType: arrow.FixedWidthTypes.Date32, nullable: true, req: types.DateType,
			gen: nullEvery(12, func(i int) any { return int32(i*37 - 20000) })},
		{name: "ts", arrowType: tsUTC, nullable: true, req: types.TimestampType,
			gen: nullEvery(5, func(i int) any { return int64(i)*3_600_000_123 - 1_000_000_000_000_000 })},
		{name: "ntz", arrowType: tsNTZ, nullable: true, req: types.TimestampNTZType,
			gen: nullEvery(6, func(i int) any { return int64(i)*86_400_000_001 + 7 })},
		{name: "tsms", arrowType: tsMsUTC, nullable: true, req: types.TimestampType,
			gen: nullEvery(4, func(i int) any { return int64(i)*86_400_123 - 1_000_000_000_000 }),
			want: func(i int) any {
				if i%4 == 3 {
					return nil
				}
				return (int64(i)*86_400_123 - 1_000_000_000_000) * 1000
			}},
		{name: "u8", arrowType: arrow.PrimitiveTypes.Uint8, nullable: true, req: types.ShortType,
			gen:  func(i int) (any, bool) { return uint8(i), true },
			want: func(i int) any { return int16(uint8(i)) }},
		{name: "u16", arrowType: arrow.PrimitiveTypes.Uint16, nullable: true, req: types.IntType,
			gen:  func(i int) (any, bool) { return uint16(i * 300), true },
			want: func(i int) any { return int32(uint16(i * 300)) }},
		{name: "u32", arrowType: arrow.PrimitiveTypes.Uint32, nullable: true, req: types.LongType,
			gen:  func(i int) (any, bool) { return uint32(i) * 4_000_037, true },
			want: func(i int) any { return int64(uint32(i) * 4_000_037) }},
		{name: "u64", arrowType: arrow.PrimitiveTypes.Uint64, nullable: true, req: types.DecimalType(20, 0),
			gen:  func(i int) (any, bool) { return uint64(i) * 0x9e3779b97f4a7c15, true },
			want: func(i int) any { return decimal128.FromU64(uint64(i) * 0x9e3779b97f4a7c15) }},
	}
}

func TestScanAllTypes(t *testing.T) {
	const n, rg = 1000, 128
	cols := allTypeCols()
	dir := t.TempDir()
	for _, dict := range []bool{false, true} {
		for _, codec := range []compress.Compression{compress.Codecs.Snappy, compress.Codecs.Zstd} {
			for _, decAsInt := range []bool{false, true} {
				name := fmt.Sprintf("dict=%v/%s/decAsInt=%v", dict, codec, decAsInt)
				path := writeParquet(t, filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+".parquet"), cols, n,
					writeOpts{rowGroupRows: rg, dict: dict, codec: codec, decAsInt: decAsInt, pageSize: 512})
				for _, batch := range []int{1, 7, 100, 8192} {
					t.Run(fmt.Sprintf("%s/batch=%d", name, batch), func(t *testing.T) {
						res, err := runScan(t, Options{
							Required:        requiredOf(cols),
							Splits:          []Split{wholeFile(t, path)},
							BatchSize:       batch,
							SessionTimeZone: sessionTZ,
						})
						if err != nil {
							t.Fatal(err)
						}
						checkRows(t, cols, res.rows, seq(0, n))
						// Batches never span row groups.
						total := 0
						for _, b := range res.batches {
							if total/rg != (total+b-1)/rg {
								t.Fatalf("batch [%d, %d) spans a row group boundary", total, total+b)
							}
							total += b
						}
						if res.metrics.RowGroupsRead != (n+rg-1)/rg || res.metrics.RowGroupsPruned != 0 {
							t.Fatalf("metrics %+v", res.metrics)
						}
					})
				}
			}
		}
	}
}

// TestScanProjection reads a subset of the columns, reordered.
func TestScanProjection(t *testing.T) {
	cols := allTypeCols()
	path := writeParquet(t, filepath.Join(t.TempDir(), "p.parquet"), cols, 300, writeOpts{dict: true, codec: compress.Codecs.Snappy})
	picked := []testCol{cols[11], cols[0], cols[7]} // s, id, f64
	res, err := runScan(t, Options{Required: requiredOf(picked), Splits: []Split{wholeFile(t, path)}, BatchSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, picked, res.rows, seq(0, 300))
}

func TestScanNoColumns(t *testing.T) {
	cols := allTypeCols()[:2]
	path := writeParquet(t, filepath.Join(t.TempDir(), "p.parquet"), cols, 250, writeOpts{rowGroupRows: 100})
	res, err := runScan(t, Options{Required: types.Schema{}, Splits: []Split{wholeFile(t, path)}, BatchSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.rows) != 250 {
		t.Fatalf("got %d rows, want 250", len(res.rows))
	}
}

func TestScanSeveralFiles(t *testing.T) {
	cols := allTypeCols()[:3]
	dir := t.TempDir()
	a := writeParquet(t, filepath.Join(dir, "a.parquet"), cols, 150, writeOpts{})
	b := writeParquet(t, filepath.Join(dir, "b.parquet"), cols, 70, writeOpts{dict: true})
	res, err := runScan(t, Options{Required: requiredOf(cols), Splits: []Split{wholeFile(t, a), wholeFile(t, b)}})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, cols, res.rows[:150], seq(0, 150))
	checkRows(t, cols, res.rows[150:], seq(0, 70))
	if res.metrics.FilesRead != 2 {
		t.Fatalf("metrics %+v", res.metrics)
	}
}

func TestScanCaseInsensitive(t *testing.T) {
	cols := []testCol{
		{name: "Id", arrowType: arrow.PrimitiveTypes.Int64, req: types.LongType, gen: func(i int) (any, bool) { return int64(i), true }},
		{name: "NAME", arrowType: arrow.BinaryTypes.String, nullable: true, req: types.StringType,
			gen: func(i int) (any, bool) { return fmt.Sprint("n", i), true }},
	}
	path := writeParquet(t, filepath.Join(t.TempDir(), "c.parquet"), cols, 20, writeOpts{})
	req := types.Schema{{Name: "name", Type: types.StringType, Nullable: true}, {Name: "ID", Type: types.LongType, Nullable: true}}

	res, err := runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, []testCol{cols[1], cols[0]}, res.rows, seq(0, 20))
	if got := res.rows[0]; got[0] != "n0" {
		t.Fatalf("row 0 = %v", got)
	}

	// Case-sensitive: no column matches, so both read as NULL.
	res, err = runScan(t, Options{Required: req, CaseSensitive: true, Splits: []Split{wholeFile(t, path)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range res.rows {
		if row[0] != nil || row[1] != nil {
			t.Fatalf("case-sensitive row %v, want NULLs", row)
		}
	}
	if len(res.rows) != 20 {
		t.Fatalf("got %d rows", len(res.rows))
	}
}

func TestScanCaseInsensitiveAmbiguous(t *testing.T) {
	cols := []testCol{
		{name: "a", arrowType: arrow.PrimitiveTypes.Int64, req: types.LongType, gen: func(i int) (any, bool) { return int64(i), true }},
		{name: "A", arrowType: arrow.PrimitiveTypes.Int64, req: types.LongType, gen: func(i int) (any, bool) { return int64(-i), true }},
	}
	path := writeParquet(t, filepath.Join(t.TempDir(), "amb.parquet"), cols, 10, writeOpts{})
	req := types.Schema{{Name: "a", Type: types.LongType, Nullable: true}}
	_, err := runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}})
	if err == nil || !strings.Contains(err.Error(), "duplicate field") || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want a duplicate field error naming the file", err)
	}
	// Case-sensitive picks the exact one.
	res, err := runScan(t, Options{Required: types.Schema{{Name: "A", Type: types.LongType, Nullable: true}}, CaseSensitive: true,
		Splits: []Split{wholeFile(t, path)}})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, cols[1:], res.rows, seq(0, 10))
}

func TestScanMissingColumn(t *testing.T) {
	cols := allTypeCols()[:2]
	path := writeParquet(t, filepath.Join(t.TempDir(), "m.parquet"), cols, 130, writeOpts{})
	req := types.Schema{
		{Name: "id", Type: types.LongType, Nullable: true},
		{Name: "gone_s", Type: types.StringType, Nullable: true},
		{Name: "gone_d", Type: types.DecimalType(30, 2), Nullable: true},
		{Name: "gone_ts", Type: types.TimestampType, Nullable: true},
		{Name: "gone_void", Type: types.NullType, Nullable: true},
	}
	res, err := runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}, BatchSize: 50, SessionTimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.rows) != 130 {
		t.Fatalf("got %d rows", len(res.rows))
	}
	for i, row := range res.rows {
		if row[0] != int64(i) || row[1] != nil || row[2] != nil || row[3] != nil || row[4] != nil {
			t.Fatalf("row %d = %v", i, row)
		}
	}
	// A non-nullable required column may not be missing.
	req[1].Nullable = false
	_, err = runScan(t, Options{Required: req, Splits: []Split{wholeFile(t, path)}})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("err = %v, want a missing required column error", err)
	}
}

// TestScanTypeMismatch checks the conversions Spark 3.5 refuses, and that the
// error only comes once a row group is read.
func TestScanTypeMismatch(t *testing.T) {
	i32 := testCol{name: "x", arrowType: arrow.PrimitiveTypes.Int32, nullable: true, gen: func(i int) (any, bool) { return int32(i), true }}
	dir := t.TempDir()
	path := writeParquet(t, filepath.Join(dir, "x.parquet"), []testCol{i32}, 50, writeOpts{})
	for _, want := range []types.DataType{types.LongType, types.StringType, types.DoubleType, types.DecimalType(12, 0), types.TimestampType, types.BooleanType} {
		_, err := runScan(t, Options{Required: types.Schema{{Name: "x", Type: want, Nullable: true}}, Splits: []Split{wholeFile(t, path)}})
		if err == nil || !strings.Contains(err.Error(), "cannot be converted") || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "[x]") {
			t.Fatalf("int32 as %s: err = %v", want, err)
		}
	}
	// A split holding no row group never builds readers: no error, no rows.
	res, err := runScan(t, Options{Required: types.Schema{{Name: "x", Type: types.LongType, Nullable: true}},
		Splits: []Split{{Path: path, Start: 0, Length: 1}}})
	if err != nil || len(res.rows) != 0 {
		t.Fatalf("empty split: %v, %d rows", err, len(res.rows))
	}
	// INT32 is readable as byte and short, truncating like Java casts.
	wide := testCol{name: "x", arrowType: arrow.PrimitiveTypes.Int32, nullable: true,
		gen: func(i int) (any, bool) { return int32(i*1000 - 20000), true }}
	path2 := writeParquet(t, filepath.Join(dir, "wide.parquet"), []testCol{wide}, 50, writeOpts{})
	res, err = runScan(t, Options{Required: types.Schema{{Name: "x", Type: types.ByteType, Nullable: true}, {Name: "x", Type: types.ShortType, Nullable: true}},
		Splits: []Split{wholeFile(t, path2)}})
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range res.rows {
		v := int32(i*1000 - 20000)
		if row[0] != int8(v) || row[1] != int16(v) {
			t.Fatalf("row %d = %v, want %d %d", i, row, int8(v), int16(v))
		}
	}
}

func TestScanDecimalStorage(t *testing.T) {
	dir := t.TempDir()
	mk := func(p, s int32) testCol {
		return testCol{name: "d", arrowType: &arrow.Decimal128Type{Precision: p, Scale: s}, nullable: true,
			gen: nullEvery(5, func(i int) any { return dec(int64(i*i) - 777) })}
	}
	cases := []struct {
		name     string
		p, s     int32
		decAsInt bool
		req      types.DataType
		wantErr  bool
	}{
		{"int32 same", 7, 2, true, types.DecimalType(7, 2), false},
		{"int32 wider within 9", 7, 2, true, types.DecimalType(9, 2), false},
		{"int32 as 12 digits (Spark 3.5 refuses)", 7, 2, true, types.DecimalType(12, 2), true},
		{"int64 same", 15, 3, true, types.DecimalType(15, 3), false},
		{"int64 wider", 15, 3, true, types.DecimalType(18, 3), false},
		{"int64 as 20 digits (Spark 3.5 refuses)", 15, 3, true, types.DecimalType(20, 3), true},
		{"flba small", 7, 2, false, types.DecimalType(7, 2), false},
		{"flba small as wide", 7, 2, false, types.DecimalType(25, 2), false},
		{"flba wide", 30, 5, false, types.DecimalType(30, 5), false},
		{"other scale", 7, 2, true, types.DecimalType(9, 3), true},
		{"narrower", 15, 3, false, types.DecimalType(10, 3), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			col := mk(tc.p, tc.s)
			path := writeParquet(t, filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".parquet"), []testCol{col}, 200,
				writeOpts{decAsInt: tc.decAsInt, rowGroupRows: 64})
			col.req = tc.req
			res, err := runScan(t, Options{Required: requiredOf([]testCol{col}), Splits: []Split{wholeFile(t, path)}, BatchSize: 30})
			if tc.wantErr {
				if err == nil || !strings.Contains(err.Error(), "cannot be converted") {
					t.Fatalf("err = %v, want a conversion error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, []testCol{col}, res.rows, seq(0, 200))
		})
	}
}

func TestScanTimestamps(t *testing.T) {
	dir := t.TempDir()
	ltz := &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	ntz := &arrow.TimestampType{Unit: arrow.Microsecond}
	nanos := &arrow.TimestampType{Unit: arrow.Nanosecond, TimeZone: "UTC"}
	gen := nullEvery(4, func(i int) any { return int64(i)*123_456_789_011 + 1_600_000_000_000_000 })
	write := func(name string, at arrow.DataType, w writeOpts) string {
		return writeParquet(t, filepath.Join(dir, name), []testCol{{name: "t", arrowType: at, nullable: true, gen: gen}}, 100, w)
	}
	read := func(path string, dt types.DataType) (scanResult, error) {
		return runScan(t, Options{Required: types.Schema{{Name: "t", Type: dt, Nullable: true}},
			Splits: []Split{wholeFile(t, path)}, SessionTimeZone: "Asia/Tokyo"})
	}
	wantRows := func(res scanResult, scale int64) {
		t.Helper()
		for i, row := range res.rows {
			v, ok := gen(i)
			var want any
			if ok {
				want = v.(int64) * scale
			}
			if row[0] != want {
				t.Fatalf("row %d = %v, want %v", i, row[0], want)
			}
		}
	}

	ltzPath := write("ltz.parquet", ltz, writeOpts{})
	res, err := read(ltzPath, types.TimestampType)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(res, 1)
	if _, err := read(ltzPath, types.TimestampNTZType); err == nil || !strings.Contains(err.Error(), "timestamp_ntz") {
		t.Fatalf("LTZ as NTZ: err = %v", err)
	}

	ntzPath := write("ntz.parquet", ntz, writeOpts{})
	for _, dt := range []types.DataType{types.TimestampNTZType, types.TimestampType} {
		res, err := read(ntzPath, dt)
		if err != nil {
			t.Fatalf("NTZ as %s: %v", dt, err)
		}
		wantRows(res, 1)
	}
	// INT64 timestamps are also readable as bigint.
	res, err = read(ltzPath, types.LongType)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(res, 1)

	// Spark 3.5 cannot read TIMESTAMP(NANOS) as a timestamp.
	nanosPath := write("nanos.parquet", nanos, writeOpts{})
	if _, err := read(nanosPath, types.TimestampType); err == nil || !strings.Contains(err.Error(), "cannot be converted") {
		t.Fatalf("nanos: err = %v", err)
	}

	// INT96, written from nanoseconds, reads back as microseconds.
	int96Path := write("int96.parquet", nanos, writeOpts{int96: true})
	res, err = read(int96Path, types.TimestampType)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range res.rows {
		v, ok := gen(i)
		var want any
		if ok {
			want = v.(int64) / 1000
		}
		if row[0] != want {
			t.Fatalf("INT96 row %d = %v, want %v", i, row[0], want)
		}
	}
	if _, err := read(int96Path, types.TimestampNTZType); err == nil {
		t.Fatal("INT96 as timestamp_ntz: no error")
	}
}

// TestScanRebase follows DataSourceUtils.datetimeRebaseSpec / int96RebaseSpec.
func TestScanRebase(t *testing.T) {
	dir := t.TempDir()
	const ancientDay = -141428 // 1582-10-14
	const modernDay = -141427  // 1582-10-15
	const ancientTs = -2208988800_000_001
	dates := func(day int32) []testCol {
		return []testCol{{name: "d", arrowType: arrow.FixedWidthTypes.Date32, nullable: true,
			gen: func(i int) (any, bool) {
				if i == 3 {
					return day, true
				}
				return int32(i), i%5 != 4
			}}}
	}
	read := func(path string, dt types.DataType, mode RebaseMode) (scanResult, error) {
		return runScan(t, Options{Required: types.Schema{{Name: "d", Type: dt, Nullable: true}},
			Splits: []Split{wholeFile(t, path)}, DatetimeRebaseMode: mode, INT96RebaseMode: mode})
	}
	cases := []struct {
		name    string
		day     int32
		kv      map[string]string
		mode    RebaseMode
		wantErr string
	}{
		{"unknown writer, modern", modernDay, nil, RebaseException, ""},
		{"unknown writer, ancient, EXCEPTION", ancientDay, nil, RebaseException, "READ_ANCIENT_DATETIME"},
		{"unknown writer, ancient, CORRECTED", ancientDay, nil, RebaseCorrected, ""},
		{"unknown writer, ancient, LEGACY", ancientDay, nil, RebaseLegacy, "not supported"},
		{"spark 2.4, modern", modernDay, map[string]string{sparkVersionKey: "2.4.8"}, RebaseCorrected, ""},
		{"spark 2.4, ancient", ancientDay, map[string]string{sparkVersionKey: "2.4.8"}, RebaseCorrected, "not supported"},
		{"spark 3.5 legacy, ancient", ancientDay, map[string]string{sparkVersionKey: "3.5.1", sparkLegacyDateTimeKey: ""}, RebaseCorrected, "not supported"},
		{"spark 3.5, ancient", ancientDay, map[string]string{sparkVersionKey: "3.5.1"}, RebaseException, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeParquet(t, filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".parquet"), dates(tc.day), 20, writeOpts{kv: tc.kv})
			res, err := read(path, types.DateType, tc.mode)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), path) {
					t.Fatalf("err = %v, want %q naming the file", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.rows[3][0] != tc.day {
				t.Fatalf("row 3 = %v, want %d", res.rows[3][0], tc.day)
			}
		})
	}

	// Timestamps: the threshold is 1900-01-01T00:00:00Z; NULLs are never checked.
	tsCol := []testCol{{name: "d", arrowType: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, nullable: true,
		gen: func(i int) (any, bool) {
			if i == 1 {
				return int64(ancientTs), true
			}
			return int64(lastSwitchJulianTs), true
		}}}
	path := writeParquet(t, filepath.Join(dir, "ts.parquet"), tsCol, 3, writeOpts{})
	if _, err := read(path, types.TimestampType, RebaseException); err == nil || !strings.Contains(err.Error(), "READ_ANCIENT_DATETIME") {
		t.Fatalf("ancient timestamp: err = %v", err)
	}
	res, err := read(path, types.TimestampType, RebaseCorrected)
	if err != nil || res.rows[1][0] != int64(ancientTs) {
		t.Fatalf("CORRECTED: %v %v", err, res.rows)
	}
	// INT96 follows its own policy and its own Spark version threshold (3.1.0).
	int96 := []testCol{{name: "d", arrowType: &arrow.TimestampType{Unit: arrow.Nanosecond}, nullable: true,
		gen: func(i int) (any, bool) { return int64(-2208988800_000_000_000) - int64(i)*1000, true }}}
	path = writeParquet(t, filepath.Join(dir, "int96.parquet"), int96, 3, writeOpts{int96: true, kv: map[string]string{sparkVersionKey: "3.0.1"}})
	if _, err := read(path, types.TimestampType, RebaseCorrected); err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Fatalf("INT96 from Spark 3.0: err = %v", err)
	}
	path = writeParquet(t, filepath.Join(dir, "int96b.parquet"), int96, 3, writeOpts{int96: true, kv: map[string]string{sparkVersionKey: "3.1.0"}})
	res, err = read(path, types.TimestampType, RebaseException)
	if err != nil || res.rows[2][0] != int64(-2208988800_000_000-2) {
		t.Fatalf("INT96 from Spark 3.1: %v %v", err, res.rows)
	}
}

func TestScanBadFiles(t *testing.T) {
	dir := t.TempDir()
	cols := allTypeCols()
	good := writeParquet(t, filepath.Join(dir, "good.parquet"), cols, 500, writeOpts{codec: compress.Codecs.Snappy})
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	req := requiredOf(cols)
	scan := func(path string, o Options) (scanResult, error) {
		o.Required = req
		if o.Splits == nil {
			o.Splits = []Split{{Path: path, Start: 0, Length: 1 << 40}}
		}
		return runScan(t, o)
	}

	half := filepath.Join(dir, "half.parquet")
	if err := os.WriteFile(half, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "text.parquet")
	if err := os.WriteFile(text, []byte("this is not parquet at all, just some text\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.parquet")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{half, text, empty} {
		_, err := scan(p, Options{})
		if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "Parquet") {
			t.Fatalf("%s: err = %v", filepath.Base(p), err)
		}
	}

	missing := filepath.Join(dir, "nope.parquet")
	if _, err := scan(missing, Options{}); err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), missing) {
		t.Fatalf("missing: err = %v", err)
	}
	if _, err := scan(dir, Options{}); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("directory: err = %v", err)
	}

	// Ignore options skip the bad files and keep the good one.
	res, err := scan("", Options{IgnoreMissingFiles: true, IgnoreCorruptFiles: true,
		Splits: []Split{{Path: missing, Length: 100}, wholeFile(t, half), wholeFile(t, good), wholeFile(t, text)}})
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, cols, res.rows, seq(0, 500))
	if res.metrics.FilesSkipped != 3 {
		t.Fatalf("metrics %+v", res.metrics)
	}
	if _, err := scan("", Options{IgnoreMissingFiles: true, Splits: []Split{{Path: missing, Length: 100}, wholeFile(t, half)}}); err == nil {
		t.Fatal("corrupt file not reported without IgnoreCorruptFiles")
	}

	// Garbage in the data pages (footer intact): an error or wrong values,
	// never a panic or a leak.
	for _, at := range []float64{0.1, 0.3, 0.5, 0.7, 0.85} {
		bad := append([]byte(nil), data...)
		off := int(float64(len(bad)) * at)
		for i := off; i < off+64 && i < len(bad)-8; i++ {
			bad[i] ^= 0x5a
		}
		p := filepath.Join(dir, fmt.Sprintf("garbled-%v.parquet", at))
		if err := os.WriteFile(p, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := scan(p, Options{}); err != nil && !strings.Contains(err.Error(), p) {
			t.Fatalf("garbled error does not name the file: %v", err)
		}
	}
}

// TestScanGarbledNeverPanics flips bytes all over valid files: the scan must
// return rows or an error, never panic, and never leak.
func TestScanGarbledNeverPanics(t *testing.T) {
	dir := t.TempDir()
	cols := allTypeCols()
	for _, codec := range []compress.Compression{compress.Codecs.Uncompressed, compress.Codecs.Snappy} {
		good := writeParquet(t, filepath.Join(dir, "good.parquet"), cols, 300, writeOpts{codec: codec, dict: true})
		data, err := os.ReadFile(good)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 150; k++ {
			bad := append([]byte(nil), data...)
			off := 4 + (k*7919)%(len(bad)-20)
			for i := off; i < off+4; i++ {
				bad[i] ^= byte(0x5a + k)
			}
			p := filepath.Join(dir, "garbled.parquet")
			if err := os.WriteFile(p, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := runScan(t, Options{Required: requiredOf(cols), Splits: []Split{wholeFile(t, p)}}); err != nil && !strings.Contains(err.Error(), p) {
				t.Fatalf("offset %d: error does not name the file: %v", off, err)
			}
		}
	}
}

func TestScanPaths(t *testing.T) {
	dir := t.TempDir()
	cols := allTypeCols()[:1]
	path := writeParquet(t, filepath.Join(dir, "a b%c.parquet"), cols, 10, writeOpts{})
	escaped := strings.ReplaceAll(strings.ReplaceAll(path, "%", "%25"), " ", "%20")
	for _, p := range []string{path, "file:" + escaped, "file://" + escaped, "file://localhost" + escaped} {
		res, err := runScan(t, Options{Required: requiredOf(cols), Splits: []Split{{Path: p, Length: 1 << 30}}})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if len(res.rows) != 10 {
			t.Fatalf("%s: %d rows", p, len(res.rows))
		}
	}
	for _, p := range []string{"hdfs://nn:8020/warehouse/t/part-0.parquet", "s3a://bucket/t/part-0.parquet", "file://otherhost/tmp/x.parquet"} {
		_, err := runScan(t, Options{Required: requiredOf(cols), IgnoreCorruptFiles: true, Splits: []Split{{Path: p, Length: 1}}})
		if err == nil || !strings.Contains(err.Error(), "not supported yet") {
			t.Fatalf("%s: err = %v", p, err)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/tmp/x.parquet":             "/tmp/x.parquet",
		"/tmp/100%.parquet":          "/tmp/100%.parquet",
		"file:/tmp/a%20b.parquet":    "/tmp/a b.parquet",
		"file:///tmp/a%20b.parquet":  "/tmp/a b.parquet",
		"FILE:/tmp/x+y.parquet":      "/tmp/x+y.parquet",
		"rel/dir/x.parquet":          "rel/dir/x.parquet",
		"file://localhost/tmp/x.pq":  "/tmp/x.pq",
		"dir:with/colon/x.parquet":   "",
		"file:relative.parquet":      "",
		"hdfs://nn/x.parquet":        "",
		"file:/tmp/bad%zzescape.pqt": "",
	} {
		got, err := localPath(in)
		if want == "" {
			if err == nil {
				t.Errorf("localPath(%q) = %q, want an error", in, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("localPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestScanCancel(t *testing.T) {
	cols := allTypeCols()[:3]
	path := writeParquet(t, filepath.Join(t.TempDir(), "c.parquet"), cols, 1000, writeOpts{})
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sc, err := New(Options{Required: requiredOf(cols), Splits: []Split{wholeFile(t, path)}, BatchSize: 10}, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	ctx, cancel := context.WithCancel(context.Background())
	if err := sc.Open(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := sc.Next(ctx)
	if err != nil || rec == nil {
		t.Fatalf("first batch: %v", err)
	}
	rec.Release()
	cancel()
	if rec, err := sc.Next(ctx); rec != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancel: %v, %v", rec, err)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	mem := memory.NewGoAllocator()
	req := types.Schema{{Name: "a", Type: types.IntType, Nullable: true}, {Name: "s", Type: types.StringType, Nullable: true}}
	bad := []Options{
		{Required: types.Schema{{Name: "x", Type: types.DecimalType(50, 2)}}},
		{Required: req, Splits: []Split{{Path: "/x", Start: -1}}},
		{Required: req, Pruning: Compare{Column: 0, Op: OpEq, Value: int64(3)}}, // int needs int32
		{Required: req, Pruning: Compare{Column: 2, Op: OpEq, Value: int32(3)}}, // out of range
		{Required: req, Pruning: And{Children: []Predicate{nil}}},
		{Required: req, Pruning: In{Column: 1, Values: []any{"a", []byte("b")}}}, // string needs string
	}
	for i, o := range bad {
		if _, err := New(o, mem); err == nil {
			t.Errorf("options %d: no error", i)
		}
	}
	if _, err := New(Options{Required: req}, nil); err == nil {
		t.Error("nil allocator: no error")
	}
}
