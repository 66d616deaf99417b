package sort

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/spill"
)

// sortOp orders every row of its child's partition (Spark's SortExec).
//
// Memory: it holds every input batch of the partition, with the values of
// its sort keys, until the last output batch is gathered; then the sort keys
// concatenated into one array per key, the sort's scratch space (up to 36 bytes per
// row, freed after the sort), the permutation (4 bytes per row) and, when the
// first key is an integer input column, its values in sorted order (written
// over the concatenated copy when there is one, else 8 bytes per row at most;
// output batches copy that column from it instead of gathering it). All of it comes from the task's allocator. With a reservation, the
// buffered batches, their key values (twice, for the concatenated copy) and
// the sort's scratch are reserved first; when the budget
// refuses, the buffered rows are sorted and written to a spill file as one
// run, and at the end the runs are merged (k-way, stable: ties go to the
// earlier run). The merge holds, per run, a read buffer and one batch with its
// key values, reserved before it opens the runs; when the budget cannot cover
// every run, the earliest runs are first merged into one, as many at a time as
// it covers.
type sortOp struct {
	child     native.Operator
	rows      rows
	mem       memory.Allocator
	batchSize int
	metrics   native.Metrics

	sorted  bool
	permBuf *memory.Buffer
	perm    []uint32
	first   *sortedColumn // nil: every column is gathered
	next    int
	closed  bool

	res   *native.Reservation // nil: nothing is reserved
	spill *spill.Dir
	runs  []*spill.File
	merge *merger
	// runBatchBytes: the largest batch written to a run, to size the merge.
	runBatchBytes int64
}

var _ native.Operator = (*sortOp)(nil)

// NewSort orders the rows of child by keys (stable: rows with equal keys keep
// their input order) and returns them in batches of at most batchSize rows.
// planID is the Spark plan id of the SortExec.
func NewSort(child native.Operator, keys []Key, mem memory.Allocator, batchSize int, planID int64) native.Operator {
	return &sortOp{child: child, rows: rows{mem: mem, keys: keys}, mem: mem, batchSize: max(batchSize, 1),
		metrics: native.Metrics{PlanID: planID, Name: "Sort"}}
}

// NewSpillingSort is NewSort that reserves what it buffers from res and, when
// res refuses, spills sorted runs into dir and merges them.
func NewSpillingSort(child native.Operator, keys []Key, mem memory.Allocator, batchSize int, planID int64,
	res *native.Reservation, dir *spill.Dir) native.Operator {
	s := NewSort(child, keys, mem, batchSize, planID).(*sortOp)
	s.res, s.spill = res, dir
	return s
}

func (s *sortOp) Open(ctx context.Context) error { return s.child.Open(ctx) }

func (s *sortOp) Schema() *arrow.Schema { return s.child.Schema() }

func (s *sortOp) Metrics() *native.Metrics { return &s.metrics }

func (s *sortOp) Children() []native.Operator { return []native.Operator{s.child} }

func (s *sortOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.closed {
		return nil, nil
	}
	if !s.sorted {
		if err := s.consume(ctx); err != nil {
			return nil, err
		}
		s.sorted = true
	}
	if s.merge != nil {
		defer s.metrics.Time()()
		out, err := s.merge.next(ctx, s)
		if err != nil {
			return nil, fmt.Errorf("sort: %w", err)
		}
		if out == nil {
			s.free()
			return nil, nil
		}
		s.metrics.Emitted(out)
		return out, nil
	}
	if s.next >= len(s.perm) {
		s.free()
		return nil, nil
	}
	defer s.metrics.Time()()
	lo, end := s.next, min(s.next+s.batchSize, len(s.perm))
	s.next = end
	out, err := s.rows.gather(s.Schema(), s.perm[lo:end], s.first, lo)
	if err != nil {
		return nil, fmt.Errorf("sort: %w", err)
	}
	s.metrics.Emitted(out)
	return out, nil
}

// consume buffers the whole input and sorts it.
func (s *sortOp) consume(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		in, err := s.child.Next(ctx)
		if err != nil {
			return err
		}
		if in == nil {
			break
		}
		stop := s.metrics.Time()
		err = s.rows.add(ctx, in)
		if err == nil {
			err = s.reserve(in)
		}
		stop()
		if err != nil {
			return fmt.Errorf("sort: %w", err)
		}
	}
	defer s.metrics.Time()()
	if len(s.runs) > 0 {
		if s.rows.n > 0 {
			if err := s.spillRun(); err != nil {
				return fmt.Errorf("sort: %w", err)
			}
		}
		if err := s.openMerge(ctx); err != nil {
			return fmt.Errorf("sort: %w", err)
		}
		return nil
	}
	buf, perm, first, err := s.rows.order(true)
	if err != nil {
		return fmt.Errorf("sort: %w", err)
	}
	s.permBuf, s.perm, s.first = buf, perm, first
	return nil
}

// reserve reserves the batch just buffered, with its keys; when the budget
// refuses, every buffered row (this batch too) goes to a spilled run.
func (s *sortOp) reserve(in arrow.RecordBatch) error {
	if s.res == nil {
		return nil
	}
	n := batchBytes(in, s.rows.keyCols[len(s.rows.keyCols)-1])
	if s.res.TryGrow(n) {
		s.metrics.PeakMemoryBytes = max(s.metrics.PeakMemoryBytes, s.res.Peak())
		return nil
	}
	if s.spill == nil {
		return s.res.RefusedError(n)
	}
	return s.spillRun()
}

// free releases the buffered rows, the permutation, the merge and the
// reservation.
func (s *sortOp) free() {
	if s.merge != nil {
		s.merge.close()
		s.merge = nil
	}
	for _, f := range s.runs {
		_ = f.Delete()
	}
	s.runs = nil
	if s.res != nil {
		s.res.Free()
	}
	s.rows.release()
	if s.permBuf != nil {
		s.permBuf.Release()
		s.permBuf, s.perm = nil, nil
	}
	s.first.release()
	s.first = nil
	s.next = 0
}

func (s *sortOp) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	s.free()
	return s.child.Close()
}
