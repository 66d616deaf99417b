package parquetscan

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/ember-spark/ember/sparkplan/types"
)

// String and binary columns read the same through the dictionary reader and
// the plain one: row groups whose pages are all dictionary encoded (read as
// dictionaries), row groups whose writer fell back to plain pages, and row
// groups with a dictionary too large for the dictionary reader (both read
// plainly), with NULLs, in batches that cut row groups.
func TestScanDictionaryChunks(t *testing.T) {
	const rows, rowGroup = 3000, 1000
	cols, value := chunkKindColumns(rowGroup)
	cols[2] = testCol{name: "n", arrowType: arrow.BinaryTypes.String, req: types.StringType,
		gen: func(i int) (any, bool) { return value(i), true }}
	path := writeParquet(t, filepath.Join(t.TempDir(), "d.parquet"), cols, rows,
		writeOpts{rowGroupRows: rowGroup, dict: true, dictLimit: 1 << 10, pageSize: 4 << 10})

	// The file holds the three kinds of chunk this test is about.
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []bool
	for rg := 0; rg < rdr.NumRowGroups(); rg++ {
		chunk, err := rdr.MetaData().RowGroup(rg).ColumnChunk(0)
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, dictionaryChunk(chunk))
	}
	rdr.Close()
	if fmt.Sprint(kinds) != "[true false false]" {
		t.Fatalf("row groups read as dictionaries: %v, want [true false false]", kinds)
	}

	for _, batch := range []int{64, 700, 4096} {
		res, err := runScan(t, Options{Required: requiredOf(cols), Splits: []Split{wholeFile(t, path)}, BatchSize: batch})
		if err != nil {
			t.Fatal(err)
		}
		checkRows(t, cols, res.rows, seq(0, rows))
	}
}

// chunkKindColumns are the columns of a file with three kinds of string chunk,
// one per row group of rowGroup rows, and the string value of row i. Row
// group 0: 5 values. Row group 1: every value distinct and short, so a 1 KiB
// dictionary limit makes the writer fall back to plain pages. Row group 2:
// 600 distinct 200-byte values, a dictionary over 64 KiB. Columns: s (string)
// and b (binary) with NULLs, n (bigint), c (string, 3 values, no NULL).
func chunkKindColumns(rowGroup int) ([]testCol, func(int) string) {
	value := func(i int) string {
		switch i / rowGroup {
		case 0:
			return fmt.Sprintf("v%d", i%5)
		case 1:
			return fmt.Sprintf("u%d", i)
		default:
			return fmt.Sprintf("%03d%s", i%600, strings.Repeat("x", 197))
		}
	}
	return []testCol{
		{name: "s", arrowType: arrow.BinaryTypes.String, nullable: true, req: types.StringType,
			gen: func(i int) (any, bool) { return value(i), i%7 != 3 }},
		{name: "b", arrowType: arrow.BinaryTypes.Binary, nullable: true, req: types.BinaryType,
			gen: func(i int) (any, bool) { return []byte(value(i)), i%11 != 5 }},
		{name: "n", arrowType: arrow.PrimitiveTypes.Int64, nullable: true, req: types.LongType,
			gen: func(i int) (any, bool) { return int64(i), i%13 != 0 }},
		{name: "c", arrowType: arrow.BinaryTypes.String, req: types.StringType,
			gen: func(i int) (any, bool) { return fmt.Sprintf("c%d", i%3), true }},
	}, value
}
