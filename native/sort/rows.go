package sort

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/order"
	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
)

// copySlice copies rows lo to hi of a into a new array, so that an output
// batch does not hold the whole of a.
func copySlice(mem memory.Allocator, a arrow.Array, lo, hi int) (arrow.Array, error) {
	s := array.NewSlice(a, int64(lo), int64(hi))
	defer s.Release()
	return array.Concatenate([]arrow.Array{s}, mem)
}

// Key is one sort key: an expression over the child's rows and its order.
type Key struct {
	Expr expr.Evaluator
	order.Key
}

// rows is the buffered input of a sort: the batches, and per batch the
// values of every sort key. It holds every buffer it is given or evaluates
// until release.
type rows struct {
	mem     memory.Allocator
	keys    []Key
	batches []arrow.RecordBatch
	keyCols [][]arrow.Array // keyCols[batch][key]
	starts  []int           // first global row of each batch
	blocks  []int32         // see refs
	n       int

	refScratch []selection.Ref // gather's batch references
}

// add takes ownership of batch and evaluates its sort keys.
func (r *rows) add(ctx context.Context, batch arrow.RecordBatch) error {
	cols := make([]arrow.Array, len(r.keys))
	for i, k := range r.keys {
		c, err := k.Expr.Eval(ctx, r.mem, batch)
		if err != nil {
			for _, c := range cols[:i] {
				c.Release()
			}
			batch.Release()
			return fmt.Errorf("sort key %s: %w", k.Expr, err)
		}
		cols[i] = c
	}
	r.batches = append(r.batches, batch)
	r.keyCols = append(r.keyCols, cols)
	r.starts = append(r.starts, r.n)
	r.blocks = r.blocks[:0]
	r.n += int(batch.NumRows())
	return nil
}

// order returns the permutation of the buffered rows in the keys' order
// (stable); the caller releases the buffer. With wantFirst it also returns
// the first key's values in that order when the key is an input column and
// order.SortFirst returns them (else nil); the caller releases the array.
func (r *rows) order(wantFirst bool) (*memory.Buffer, []uint32, *sortedColumn, error) {
	if len(r.batches) == 0 {
		return memory.NewResizableBuffer(r.mem), nil, nil, nil
	}
	keys := make([]arrow.Array, len(r.keys))
	specs := make([]order.Key, len(r.keys))
	defer func() {
		for _, k := range keys {
			if k != nil {
				k.Release()
			}
		}
	}()
	for i, k := range r.keys {
		specs[i] = k.Key
		if len(r.batches) == 1 {
			keys[i] = r.keyCols[0][i]
			keys[i].Retain()
			continue
		}
		chunks := make([]arrow.Array, len(r.batches))
		for b := range r.batches {
			chunks[b] = r.keyCols[b][i]
		}
		c, err := array.Concatenate(chunks, r.mem)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("sort key %s: %w", k.Expr, err)
		}
		keys[i] = c
	}
	col, ok := r.keys[0].Expr.(*expr.Column)
	if !wantFirst || !ok {
		buf, perm, err := order.Sort(r.mem, keys, specs)
		return buf, perm, nil, err
	}
	sortFirst := order.SortFirst
	if len(r.batches) > 1 {
		// keys[0] is the concatenated copy, ours alone.
		sortFirst = order.SortFirstInPlace
	}
	buf, perm, first, err := sortFirst(r.mem, keys, specs)
	if err != nil || first == nil {
		return buf, perm, nil, err
	}
	return buf, perm, &sortedColumn{col: col.Ordinal(), arr: first}, nil
}

// sortedColumn is an input column already in the sorted order (all its rows).
type sortedColumn struct {
	col int
	arr arrow.Array
}

func (s *sortedColumn) release() {
	if s != nil {
		s.arr.Release()
	}
}

// blockShift sets the granularity of the row-to-batch index: one entry per
// 256 rows.
const blockShift = 8

// refs turns global row numbers into batch references, appending to out[:0].
func (r *rows) refs(perm []uint32, out []selection.Ref) []selection.Ref {
	out = out[:0]
	if len(r.blocks) != (r.n>>blockShift)+1 {
		// blocks[i] is the batch holding row i << blockShift.
		r.blocks = r.blocks[:0]
		b := 0
		for g := 0; g <= r.n; g += 1 << blockShift {
			for b+1 < len(r.starts) && r.starts[b+1] <= g {
				b++
			}
			r.blocks = append(r.blocks, int32(b))
		}
	}
	last := len(r.starts) - 1
	for _, g := range perm {
		b := int(r.blocks[g>>blockShift])
		for b < last && r.starts[b+1] <= int(g) {
			b++
		}
		out = append(out, selection.Ref{Chunk: uint32(b), Row: g - uint32(r.starts[b])})
	}
	return out
}

// gather returns the buffered rows perm points at, as a batch of schema.
// When sorted is not nil, perm is the sorted rows from lo on, and sorted's
// column is copied from it instead of gathered.
func (r *rows) gather(schema *arrow.Schema, perm []uint32, sorted *sortedColumn, lo int) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, schema.NumFields())
	chunks := make([]arrow.Array, len(r.batches))
	var refs []selection.Ref
	for c := range cols {
		var a arrow.Array
		var err error
		if sorted != nil && c == sorted.col {
			a, err = copySlice(r.mem, sorted.arr, lo, lo+len(perm))
		} else {
			if refs == nil {
				r.refScratch = r.refs(perm, r.refScratch)
				refs = r.refScratch
			}
			for b, batch := range r.batches {
				chunks[b] = batch.Column(c)
			}
			a, err = selection.TakeChunks(r.mem, chunks, refs)
		}
		if err != nil {
			native.ReleaseAll(cols[:c])
			return nil, fmt.Errorf("column %d: %w", c, err)
		}
		cols[c] = a
	}
	defer native.ReleaseAll(cols)
	return array.NewRecordBatch(schema, cols, int64(len(perm))), nil
}

// gatherKeys returns the key values of the rows perm points at, one array per key.
func (r *rows) gatherKeys(perm []uint32) ([]arrow.Array, error) {
	r.refScratch = r.refs(perm, r.refScratch)
	refs := r.refScratch
	out := make([]arrow.Array, len(r.keys))
	chunks := make([]arrow.Array, len(r.batches))
	for k := range r.keys {
		for b := range r.batches {
			chunks[b] = r.keyCols[b][k]
		}
		a, err := selection.TakeChunks(r.mem, chunks, refs)
		if err != nil {
			native.ReleaseAll(out[:k])
			return nil, err
		}
		out[k] = a
	}
	return out, nil
}

// release frees every buffered batch and key.
func (r *rows) release() {
	for _, b := range r.batches {
		b.Release()
	}
	for _, cols := range r.keyCols {
		native.ReleaseAll(cols)
	}
	r.batches, r.keyCols, r.starts, r.blocks, r.n = nil, nil, nil, nil, 0
}
