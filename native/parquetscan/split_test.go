package parquetscan

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
)

// rowGroupMidpoints computes each row group's midpoint from the file's column
// chunk metadata: the first column chunk's first page (dictionary page when it
// comes first) plus half the row group's total compressed size.
func rowGroupMidpoints(t *testing.T, path string) (mids []int64, rows []int64) {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	md := rdr.MetaData()
	for i := 0; i < md.NumRowGroups(); i++ {
		rg := md.RowGroup(i)
		cc, err := rg.ColumnChunk(0)
		if err != nil {
			t.Fatal(err)
		}
		start := cc.DataPageOffset()
		if cc.HasDictionaryPage() && cc.DictionaryPageOffset() < start {
			start = cc.DictionaryPageOffset()
		}
		size := rg.TotalCompressedSize()
		if size == 0 {
			t.Fatal("writer did not set total_compressed_size")
		}
		mids = append(mids, start+size/2)
		rows = append(rows, rg.NumRows())
	}
	return mids, rows
}

func TestSplitsMidpointRule(t *testing.T) {
	const n, rg = 2000, 100
	cols := allTypeCols()[:8]
	for _, dict := range []bool{false, true} {
		path := writeParquet(t, filepath.Join(t.TempDir(), "s.parquet"), cols, n,
			writeOpts{rowGroupRows: rg, dict: dict, codec: compress.Codecs.Zstd})
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		size := st.Size()
		mids, rgRows := rowGroupMidpoints(t, path)
		if len(mids) != n/rg {
			t.Fatalf("%d row groups", len(mids))
		}
		firstRow := make([]int, len(mids)+1)
		for i, r := range rgRows {
			firstRow[i+1] = firstRow[i] + int(r)
		}

		check := func(name string, splits []Split) {
			t.Helper()
			seen := make([]int, n)
			for _, sp := range splits {
				res, err := runScan(t, Options{Required: requiredOf(cols), Splits: []Split{sp}, BatchSize: 33})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				var want []int
				for g, mid := range mids {
					if mid >= sp.Start && mid < sp.Start+sp.Length {
						want = append(want, seq(firstRow[g], firstRow[g+1])...)
					}
				}
				checkRows(t, cols, res.rows, want)
				if res.metrics.RowGroupsInSplits != int64(len(want)/rg) {
					t.Fatalf("%s: metrics %+v", name, res.metrics)
				}
				for _, row := range res.rows {
					seen[row[0].(int64)]++
				}
			}
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("%s: row %d read %d times", name, i, c)
				}
			}
		}

		for _, k := range []int64{1, 2, 3, 5, 7, 13, 40} {
			chunk := (size + k - 1) / k
			var splits []Split
			for start := int64(0); start < size; start += chunk {
				splits = append(splits, Split{Path: path, Start: start, Length: min(chunk, size-start), FileSize: size})
			}
			check(fmt.Sprintf("dict=%v/%d splits", dict, k), splits)
		}
		// A boundary exactly at a midpoint: the row group goes to the split
		// that starts there ([start, end) ranges).
		for _, g := range []int{0, 7, len(mids) - 1} {
			m := mids[g]
			check(fmt.Sprintf("dict=%v/boundary at mid %d", dict, g), []Split{
				{Path: path, Start: 0, Length: m, FileSize: size},
				{Path: path, Start: m, Length: size - m, FileSize: size},
			})
			res, err := runScan(t, Options{Required: requiredOf(cols), Splits: []Split{{Path: path, Start: m, Length: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			checkRows(t, cols, res.rows, seq(firstRow[g], firstRow[g+1]))
		}
	}
}

// TestInvalidFileOffset checks parquet-mr's PARQUET-2078 heuristic.
func TestInvalidFileOffset(t *testing.T) {
	for _, tc := range []struct {
		start, preStart, preSize int64
		want                     bool
	}{
		{4, 0, 0, false},
		{100, 0, 0, true}, // the first row group must start at 4
		{1004, 4, 1000, false},
		{1100, 4, 1000, false}, // padding
		{900, 4, 1000, true},   // overlaps the previous row group
	} {
		if got := invalidFileOffset(tc.start, tc.preStart, tc.preSize); got != tc.want {
			t.Errorf("invalidFileOffset(%d, %d, %d) = %v", tc.start, tc.preStart, tc.preSize, got)
		}
	}
}
