package join

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native"
)

// concatBatches makes one batch of batches (an empty one when there are none).
// copyAll: a single batch is copied too (into mem), not shared.
func concatBatches(schema *arrow.Schema, batches []arrow.RecordBatch, mem memory.Allocator, copyAll bool) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, schema.NumFields())
	var rows int64
	for _, b := range batches {
		rows += b.NumRows()
	}
	parts := make([]arrow.Array, len(batches))
	for c, f := range schema.Fields() {
		var err error
		switch len(batches) {
		case 0:
			cols[c] = array.MakeArrayOfNull(mem, f.Type, 0)
		case 1:
			if copyAll {
				cols[c], err = array.Concatenate([]arrow.Array{batches[0].Column(c)}, mem)
				break
			}
			cols[c] = batches[0].Column(c)
			cols[c].Retain()
		default:
			for i, b := range batches {
				parts[i] = b.Column(c)
			}
			cols[c], err = array.Concatenate(parts, mem)
		}
		if err != nil {
			native.ReleaseAll(cols[:c])
			return nil, fmt.Errorf("column %d: %w", c, err)
		}
	}
	rec := array.NewRecordBatch(schema, cols, rows)
	native.ReleaseAll(cols)
	return rec, nil
}

// takeColumns gathers rows of every column of b.
func takeColumns(mem memory.Allocator, b arrow.RecordBatch, rows []int32) ([]arrow.Array, error) {
	cols := make([]arrow.Array, b.NumCols())
	for c := range cols {
		a, err := selection.Take(mem, b.Column(c), rows)
		if err != nil {
			native.ReleaseAll(cols[:c])
			return nil, fmt.Errorf("hash join: column %d: %w", c, err)
		}
		cols[c] = a
	}
	return cols, nil
}

// sliceOrTake returns the rows of a stream-side array: a slice of it (no
// copy) when they are one ascending run, as when every row of a stream batch
// matches once (a foreign-key join), else a gathered copy. Not for the build
// side: a slice holds the whole of a's buffers, which for a stream batch are
// one batch's.
func sliceOrTake(mem memory.Allocator, a arrow.Array, rows []int32, run bool) (arrow.Array, error) {
	if run {
		lo := int64(rows[0])
		return array.NewSlice(a, lo, lo+int64(len(rows))), nil
	}
	return selection.Take(mem, a, rows)
}

// isRun: rows are r, r+1, ..., r+len(rows)-1, at least one.
func isRun(rows []int32) bool {
	if len(rows) == 0 {
		return false
	}
	first := rows[0]
	for i, r := range rows {
		if r != first+int32(i) {
			return false
		}
	}
	return true
}

// select32 lists the positions where flags[i] == want.
func select32(flags []bool, want bool) []int32 {
	var out []int32
	for i, f := range flags {
		if f == want {
			out = append(out, int32(i))
		}
	}
	return out
}

// dropNullKeys removes the rows whose key is NULL.
func dropNullKeys(rows []int32, nullKey []bool) []int32 {
	n := 0
	for _, r := range rows {
		if !nullKey[r] {
			rows[n] = r
			n++
		}
	}
	return rows[:n]
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// hugeBuffers advises the build side's large buffers onto huge pages
// (native.HugePages): the probe gathers its rows at random.
func hugeBuffers(b arrow.RecordBatch) {
	for _, c := range b.Columns() {
		hugeData(c.Data())
	}
}

func hugeData(d arrow.ArrayData) {
	for _, buf := range d.Buffers() {
		if buf != nil {
			native.HugePages(buf.Bytes())
		}
	}
	for _, child := range d.Children() {
		hugeData(child)
	}
}
