package parquetscan

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

// The row filter keeps exactly the rows whose filtered values are NULL or
// listed, with every column's values right, over chunks read as dictionaries
// and plainly (the three kinds of TestScanDictionaryChunks), several filters
// on one or two columns, and batch sizes that cut row groups; batches where
// no row passes are skipped.
func TestScanRowFilter(t *testing.T) {
	const rows, rowGroup = 3000, 1000
	cols, _ := chunkKindColumns(rowGroup)
	path := writeParquet(t, filepath.Join(t.TempDir(), "f.parquet"), cols, rows,
		writeOpts{rowGroupRows: rowGroup, dict: true, dictLimit: 1 << 10, pageSize: 4 << 10})
	long := func(k int) string { return fmt.Sprintf("%03d%s", k, strings.Repeat("x", 197)) }
	many := make([][]byte, 0, 20)
	for k := 0; k < 20; k++ {
		many = append(many, []byte(long(k*7)))
	}
	cases := []struct {
		name    string
		matches []ValueMatch
	}{
		{"one value", []ValueMatch{{Column: 0, Values: [][]byte{[]byte("v2")}}}},
		{"a value of each kind of chunk", []ValueMatch{{Column: 0, Values: [][]byte{[]byte("v1"), []byte("u1500"), []byte(long(42))}}}},
		{"more values than a list holds", []ValueMatch{{Column: 0, Values: many}}},
		{"binary", []ValueMatch{{Column: 1, Values: [][]byte{[]byte("v4"), []byte("u1001")}}}},
		{"two columns", []ValueMatch{{Column: 0, Values: [][]byte{[]byte("v1"), []byte("v3"), []byte(long(5))}},
			{Column: 3, Values: [][]byte{[]byte("c1")}}}},
		{"one column twice", []ValueMatch{{Column: 3, Values: [][]byte{[]byte("c0"), []byte("c1")}},
			{Column: 3, Values: [][]byte{[]byte("c1"), []byte("c2")}}}},
		{"no value listed", []ValueMatch{{Column: 3, Values: [][]byte{[]byte("none")}}}},
		{"every value", []ValueMatch{{Column: 3, Values: [][]byte{[]byte("c0"), []byte("c1"), []byte("c2")}}}},
		// Tests: on dictionary chunks only (c's all, s's first row group).
		{"test", []ValueMatch{{Column: 3, Test: prefixTest("c1")}}},
		{"test on some chunks", []ValueMatch{{Column: 0, Test: prefixTest("v1")}}},
		{"test and values", []ValueMatch{{Column: 0, Test: prefixTest("v")}, {Column: 3, Values: [][]byte{[]byte("c2")}}}},
		{"failing test", []ValueMatch{{Column: 3, Test: func(arrow.Array, memory.Allocator) ([]bool, error) {
			return nil, errors.New("no")
		}}}},
		{"short test", []ValueMatch{{Column: 3, Test: func(d arrow.Array, _ memory.Allocator) ([]bool, error) {
			return make([]bool, d.Len()-1), nil
		}}}},
	}
	for _, tc := range cases {
		// What the filter keeps, from the generated values.
		var want []int
		for i := 0; i < rows; i++ {
			ok := true
			for _, m := range tc.matches {
				v, notNull := cols[m.Column].gen(i)
				if !notNull {
					continue
				}
				s, isString := v.(string)
				if !isString {
					s = string(v.([]byte))
				}
				listed := false
				for _, x := range m.Values {
					listed = listed || string(x) == s
				}
				if m.Test != nil {
					// Plain chunks (s's row groups 1 and 2) keep every row;
					// a failing or short test keeps them all.
					keep, err := m.Test(stringArray([]string{s}), memory.DefaultAllocator)
					listed = (m.Column == 0 && i >= rowGroup) || err != nil || len(keep) != 1 || keep[0]
				}
				ok = ok && listed
			}
			if ok {
				want = append(want, i)
			}
		}
		for _, batch := range []int{64, 700, 4096} {
			t.Run(fmt.Sprintf("%s/batch=%d", tc.name, batch), func(t *testing.T) {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				defer mem.AssertSize(t, 0)
				opts := Options{Required: requiredOf(cols), Splits: []Split{wholeFile(t, path)}, BatchSize: batch}
				res, err := runScanSetup(t, opts, mem, func(s *Scan) error { return s.SetRowFilter(tc.matches) })
				if err != nil {
					t.Fatal(err)
				}
				checkRows(t, cols, res.rows, want)
				// The scan's row count is every row read, as Spark's scan metric.
				if res.native.rows != rows {
					t.Fatalf("the scan counts %d rows, want the %d read", res.native.rows, rows)
				}
			})
		}
	}
}

// A row filter must name a string or binary column of the scan, before Open.
func TestSetRowFilterRejects(t *testing.T) {
	cols := []testCol{
		{name: "s", arrowType: arrow.BinaryTypes.String, req: types.StringType, gen: func(i int) (any, bool) { return "a", true }},
		{name: "n", arrowType: arrow.PrimitiveTypes.Int64, req: types.LongType, gen: func(i int) (any, bool) { return int64(i), true }},
	}
	sc, err := New(Options{Required: requiredOf(cols)}, memory.NewGoAllocator())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []ValueMatch{{Column: 1}, {Column: 2}, {Column: -1}} {
		if err := sc.SetRowFilter([]ValueMatch{m}); err == nil {
			t.Fatalf("SetRowFilter(%+v) accepted", m)
		}
	}
	if err := sc.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := sc.SetRowFilter([]ValueMatch{{Column: 0}}); err == nil {
		t.Fatal("SetRowFilter after Open accepted")
	}
	sc.Close()
}

// prefixTest keeps the values that start with prefix.
func prefixTest(prefix string) func(arrow.Array, memory.Allocator) ([]bool, error) {
	return func(dict arrow.Array, _ memory.Allocator) ([]bool, error) {
		d := dict.(*array.String)
		keep := make([]bool, d.Len())
		for i := range keep {
			keep[i] = strings.HasPrefix(d.Value(i), prefix)
		}
		return keep, nil
	}
}

func stringArray(values []string) arrow.Array {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	b.AppendValues(values, nil)
	return b.NewArray()
}
