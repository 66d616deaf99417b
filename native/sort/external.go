package sort

import (
	"container/heap"
	"context"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/ember-spark/ember/kernels/order"
	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/spill"
)

// sortScratchPerRow is what sorting costs per buffered row beyond its values:
// the sort's scratch (36 bytes, freed after the sort), the permutation (4) and
// the first key's values in sorted order (at most 8, and a validity bit).
const sortScratchPerRow = 49

// batchBytes is the memory a buffered batch and its key values hold, the key
// values twice: the sort concatenates them into one array per key.
func batchBytes(batch arrow.RecordBatch, keys []arrow.Array) int64 {
	n := int64(batch.NumRows()) * sortScratchPerRow
	for _, c := range batch.Columns() {
		n += native.ArrayBytes(c)
	}
	for _, k := range keys {
		n += 2 * native.ArrayBytes(k)
	}
	return n
}

// spillRun sorts the buffered rows, writes them to a spill file as one sorted
// run, and frees them and their reservation.
func (s *sortOp) spillRun() error {
	start := time.Now()
	defer func() { s.metrics.SpillNanos += time.Since(start).Nanoseconds() }()
	buf, perm, first, err := s.rows.order(true)
	if err != nil {
		return err
	}
	defer buf.Release()
	defer first.release()
	w, err := s.spill.Create(s.Schema(), s.mem)
	if err != nil {
		return err
	}
	for next := 0; next < len(perm); {
		lo, end := next, min(next+s.batchSize, len(perm))
		next = end
		out, err := s.rows.gather(s.Schema(), perm[lo:end], first, lo)
		if err == nil {
			s.runBatchBytes = max(s.runBatchBytes, native.BatchBytes(out))
			err = w.Write(out)
			out.Release()
		}
		if err != nil {
			w.Abort()
			return err
		}
	}
	f, err := w.Finish()
	if err != nil {
		return err
	}
	s.runs = append(s.runs, f)
	s.metrics.SpillFiles++
	s.metrics.SpillBytes += f.Bytes
	s.rows.release()
	s.res.Free()
	return nil
}

// runCursor reads one sorted run: its current batch, that batch's key values
// and the next row.
type runCursor struct {
	run   int
	rdr   *spill.Reader
	batch arrow.RecordBatch
	keys  []arrow.Array
	rows  *order.Rows
	pos   uint32
}

func (c *runCursor) release() {
	if c.batch != nil {
		c.batch.Release()
		c.batch = nil
	}
	native.ReleaseAll(c.keys)
	c.keys = nil
}

// advance loads the run's next non-empty batch; false at the end of the run.
func (c *runCursor) advance(ctx context.Context, s *sortOp) (bool, error) {
	c.release()
	for {
		b, err := c.rdr.Next()
		if err != nil || b == nil {
			return false, err
		}
		if b.NumRows() == 0 {
			b.Release()
			continue
		}
		keys := make([]arrow.Array, len(s.rows.keys))
		specs := make([]order.Key, len(s.rows.keys))
		for i, k := range s.rows.keys {
			v, err := k.Expr.Eval(ctx, s.mem, b)
			if err != nil {
				native.ReleaseAll(keys[:i])
				b.Release()
				return false, err
			}
			keys[i], specs[i] = v, k.Key
		}
		rows, err := order.NewRows(keys, specs)
		if err != nil {
			native.ReleaseAll(keys)
			b.Release()
			return false, err
		}
		c.batch, c.keys, c.rows, c.pos = b, keys, rows, 0
		return true, nil
	}
}

// mergeHeap orders the cursors by their next row; ties go to the earlier run,
// which holds the earlier input rows (the sort is stable).
type mergeHeap []*runCursor

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(a, b int) bool {
	if c := h[a].rows.Compare(h[a].pos, h[b].rows, h[b].pos); c != 0 {
		return c < 0
	}
	return h[a].run < h[b].run
}
func (h mergeHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(*runCursor)) }
func (h *mergeHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// merger is the k-way merge of the spilled runs. It holds one batch per run
// (and the key values of those batches) and the output being gathered.
type merger struct {
	cursors []*runCursor
	heap    mergeHeap
	refs    []selection.Ref
}

// mergeBytesPerRun is what merging holds per open run: its read buffer, its
// current batch with that batch's key values (at most the batch again), and
// its share of the output batch being gathered.
func (s *sortOp) mergeBytesPerRun() int64 {
	return spill.ReadBufferBytes + 3*s.runBatchBytes
}

// openMerge opens the merge of every run. It first reserves what the merge
// holds per run; when the budget cannot cover all the runs at once, it merges
// them in groups of as many as it covers (at least two), pass after pass,
// until it can. The reservation is held until the merge
// is done.
func (s *sortOp) openMerge(ctx context.Context) error {
	for {
		perRun := s.mergeBytesPerRun()
		fanIn := len(s.runs)
		if s.res != nil {
			fanIn = 0
			for fanIn < len(s.runs) && s.res.TryGrow(perRun) {
				fanIn++
			}
			s.metrics.PeakMemoryBytes = max(s.metrics.PeakMemoryBytes, s.res.Peak())
		}
		// Two runs are merged even when the budget covers neither: merging
		// fewer makes no progress.
		if fanIn == len(s.runs) || len(s.runs) <= 2 {
			m, err := s.newMerger(ctx, s.runs)
			s.merge = m
			return err
		}
		fanIn = max(fanIn, 2)
		s.res.Free()
		// One pass: consecutive groups of fanIn runs each become one run, in
		// order, so ties still go to the rows that came first.
		var merged []*spill.File
		for lo := 0; lo < len(s.runs); lo += fanIn {
			group := s.runs[lo:min(lo+fanIn, len(s.runs))]
			if len(group) == 1 {
				merged = append(merged, group[0])
				continue
			}
			f, err := s.mergeRuns(ctx, group)
			if err != nil {
				return err
			}
			merged = append(merged, f)
		}
		s.runs = merged
	}
}

// mergeRuns merges runs into one new run and deletes them.
func (s *sortOp) mergeRuns(ctx context.Context, runs []*spill.File) (*spill.File, error) {
	start := time.Now()
	defer func() { s.metrics.SpillNanos += time.Since(start).Nanoseconds() }()
	m, err := s.newMerger(ctx, runs)
	defer m.close()
	if err != nil {
		return nil, err
	}
	w, err := s.spill.Create(s.Schema(), s.mem)
	if err != nil {
		return nil, err
	}
	for {
		out, err := m.next(ctx, s)
		if err == nil && out != nil {
			err = w.Write(out)
			out.Release()
		}
		if err != nil {
			w.Abort()
			return nil, err
		}
		if out == nil {
			break
		}
	}
	f, err := w.Finish()
	if err != nil {
		return nil, err
	}
	for _, r := range runs {
		_ = r.Delete()
	}
	s.metrics.SpillFiles++
	s.metrics.SpillBytes += f.Bytes
	return f, nil
}

// newMerger opens runs for a k-way merge; on error the merger holds what it
// opened, for close.
func (s *sortOp) newMerger(ctx context.Context, runs []*spill.File) (*merger, error) {
	m := &merger{}
	for i, f := range runs {
		rdr, err := f.Open(s.mem)
		if err != nil {
			return m, err
		}
		c := &runCursor{run: i, rdr: rdr}
		m.cursors = append(m.cursors, c)
		ok, err := c.advance(ctx, s)
		if err != nil {
			return m, err
		}
		if ok {
			m.heap = append(m.heap, c)
		}
	}
	heap.Init(&m.heap)
	return m, nil
}

// next returns the merge's next output batch, or nil at the end. A batch
// ends early when a run moves to its next batch (the rows gathered so far
// point into the one it leaves).
func (m *merger) next(ctx context.Context, s *sortOp) (arrow.RecordBatch, error) {
	m.refs = m.refs[:0]
	for len(m.heap) > 0 && len(m.refs) < s.batchSize {
		c := m.heap[0]
		m.refs = append(m.refs, selection.Ref{Chunk: uint32(c.run), Row: c.pos})
		c.pos++
		if int64(c.pos) < c.batch.NumRows() {
			heap.Fix(&m.heap, 0)
			continue
		}
		// The run's batch is used up: gather now, then load its next batch.
		out, err := m.gather(s)
		if err != nil {
			return nil, err
		}
		ok, err := c.advance(ctx, s)
		if err != nil {
			out.Release()
			return nil, err
		}
		if ok {
			heap.Fix(&m.heap, 0)
		} else {
			heap.Pop(&m.heap)
		}
		return out, nil
	}
	if len(m.refs) == 0 {
		return nil, nil
	}
	return m.gather(s)
}

// gather takes the rows m.refs points at from the runs' current batches.
func (m *merger) gather(s *sortOp) (arrow.RecordBatch, error) {
	schema := s.Schema()
	cols := make([]arrow.Array, schema.NumFields())
	chunks := make([]arrow.Array, len(m.cursors))
	for c := range cols {
		for r, cur := range m.cursors {
			chunks[r] = nil
			if cur.batch != nil {
				chunks[r] = cur.batch.Column(c)
			} else {
				chunks[r] = array.MakeArrayOfNull(s.mem, schema.Field(c).Type, 0)
				defer chunks[r].Release()
			}
		}
		a, err := selection.TakeChunks(s.mem, chunks, m.refs)
		if err != nil {
			native.ReleaseAll(cols[:c])
			return nil, fmt.Errorf("sort merge: column %d: %w", c, err)
		}
		cols[c] = a
	}
	defer native.ReleaseAll(cols)
	n := len(m.refs)
	m.refs = m.refs[:0]
	return array.NewRecordBatch(schema, cols, int64(n)), nil
}

// close releases the cursors and closes the runs' readers.
func (m *merger) close() {
	for _, c := range m.cursors {
		c.release()
		if c.rdr != nil {
			_ = c.rdr.Close()
		}
	}
	m.cursors, m.heap = nil, nil
}
