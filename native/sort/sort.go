package sort

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native"
)

// sortOp orders every row of its child's partition (Spark's SortExec).
//
// Memory: it holds every input batch of the partition, with the values of
// its sort keys, until the last output batch is gathered; then the sort keys
// concatenated into one array per key, the sort's scratch space (36 bytes per
// row, freed after the sort) and the permutation (4 bytes per row). All of it
// comes from the task's allocator. The buffered batches and the permutation
// are sorted runs in waiting: a memory budget can spill them.
type sortOp struct {
	child     native.Operator
	rows      rows
	mem       memory.Allocator
	batchSize int
	metrics   native.Metrics

	sorted  bool
	permBuf *memory.Buffer
	perm    []uint32
	next    int
	refs    []selection.Ref
	closed  bool
}

var _ native.Operator = (*sortOp)(nil)

// NewSort orders the rows of child by keys (stable: rows with equal keys keep
// their input order) and returns them in batches of at most batchSize rows.
// planID is the Spark plan id of the SortExec.
func NewSort(child native.Operator, keys []Key, mem memory.Allocator, batchSize int, planID int64) native.Operator {
	return &sortOp{child: child, rows: rows{mem: mem, keys: keys}, mem: mem, batchSize: max(batchSize, 1),
		metrics: native.Metrics{PlanID: planID, Name: "Sort"}}
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
	if s.next >= len(s.perm) {
		s.free()
		return nil, nil
	}
	defer s.metrics.Time()()
	end := min(s.next+s.batchSize, len(s.perm))
	s.refs = s.rows.refs(s.perm[s.next:end], s.refs)
	s.next = end
	out, err := s.rows.gather(s.Schema(), s.refs)
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
		stop()
		if err != nil {
			return fmt.Errorf("sort: %w", err)
		}
	}
	defer s.metrics.Time()()
	buf, perm, err := s.rows.order()
	if err != nil {
		return fmt.Errorf("sort: %w", err)
	}
	s.permBuf, s.perm = buf, perm
	return nil
}

// free releases the buffered rows and the permutation.
func (s *sortOp) free() {
	s.rows.release()
	if s.permBuf != nil {
		s.permBuf.Release()
		s.permBuf, s.perm = nil, nil
	}
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
