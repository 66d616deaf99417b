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
func concatBatches(schema *arrow.Schema, batches []arrow.RecordBatch, mem memory.Allocator) (arrow.RecordBatch, error) {
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
