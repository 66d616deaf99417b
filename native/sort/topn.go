package sort

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native"
)

// topNOp keeps the first limit rows of its child's partition in the order of
// its keys (the per-partition half of Spark's TakeOrderedAndProjectExec,
// Utils.takeOrdered) and returns them sorted.
//
// Memory: bounded by the limit. It buffers input batches (with their sort key
// values) until they hold more than limit + max(limit, batch size) rows, then
// sorts them and keeps only the first limit rows, gathered into one batch; so
// it holds at most about 2 x limit + one batch of rows, all from the task's
// allocator. NewReservedTopN reserves those rows from the task's budget; a
// top-N does not spill (what it holds is bounded by the limit, as in Spark's
// TakeOrderedAndProjectExec), so a refusal fails the task with the budget's
// message.
type topNOp struct {
	child     native.Operator
	rows      rows
	limit     int
	mem       memory.Allocator
	batchSize int
	metrics   native.Metrics

	sorted  bool
	permBuf *memory.Buffer
	perm    []uint32
	next    int
	closed  bool

	res *native.Reservation // nil: nothing is reserved
}

var _ native.Operator = (*topNOp)(nil)

// NewTopN returns the first limit rows of child in the order of keys (ties
// keep their input order), sorted, in batches of at most batchSize rows.
// planID is the Spark plan id of the TakeOrderedAndProjectExec.
func NewTopN(child native.Operator, keys []Key, limit int64, mem memory.Allocator, batchSize int, planID int64) native.Operator {
	return &topNOp{child: child, rows: rows{mem: mem, keys: keys}, limit: int(min(limit, 1<<31)), mem: mem,
		batchSize: max(batchSize, 1), metrics: native.Metrics{PlanID: planID, Name: "TopN"}}
}

// NewReservedTopN is NewTopN that reserves the rows it holds from res.
func NewReservedTopN(child native.Operator, keys []Key, limit int64, mem memory.Allocator, batchSize int, planID int64,
	res *native.Reservation) native.Operator {
	t := NewTopN(child, keys, limit, mem, batchSize, planID).(*topNOp)
	t.res = res
	return t
}

func (t *topNOp) Open(ctx context.Context) error { return t.child.Open(ctx) }

func (t *topNOp) Schema() *arrow.Schema { return t.child.Schema() }

func (t *topNOp) Metrics() *native.Metrics { return &t.metrics }

func (t *topNOp) Children() []native.Operator { return []native.Operator{t.child} }

func (t *topNOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if t.closed || t.limit == 0 {
		return nil, nil
	}
	if !t.sorted {
		if err := t.consume(ctx); err != nil {
			return nil, err
		}
		t.sorted = true
	}
	if t.next >= len(t.perm) {
		t.free()
		return nil, nil
	}
	defer t.metrics.Time()()
	lo, end := t.next, min(t.next+t.batchSize, len(t.perm))
	t.next = end
	out, err := t.rows.gather(t.Schema(), t.perm[lo:end], nil, lo)
	if err != nil {
		return nil, fmt.Errorf("top-n: %w", err)
	}
	t.metrics.Emitted(out)
	return out, nil
}

func (t *topNOp) consume(ctx context.Context) error {
	threshold := t.limit + max(t.limit, t.batchSize)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		in, err := t.child.Next(ctx)
		if err != nil {
			return err
		}
		if in == nil {
			break
		}
		stop := t.metrics.Time()
		err = t.rows.add(ctx, in)
		if err == nil {
			err = t.reserve(batchBytes(in, t.rows.keyCols[len(t.rows.keyCols)-1]))
		}
		if err == nil && t.rows.n > threshold {
			err = t.compact()
		}
		stop()
		if err != nil {
			return fmt.Errorf("top-n: %w", err)
		}
	}
	defer t.metrics.Time()()
	buf, perm, _, err := t.rows.order(false)
	if err != nil {
		return fmt.Errorf("top-n: %w", err)
	}
	t.permBuf, t.perm = buf, perm[:min(len(perm), t.limit)]
	return nil
}

// compact keeps only the first limit buffered rows, as one batch.
func (t *topNOp) compact() error {
	buf, perm, _, err := t.rows.order(false)
	if err != nil {
		return err
	}
	defer buf.Release()
	batch, err := t.rows.gather(t.Schema(), perm[:t.limit], nil, 0)
	if err != nil {
		return err
	}
	keys, err := t.rows.gatherKeys(perm[:t.limit])
	if err != nil {
		batch.Release()
		return err
	}
	t.rows.release()
	t.rows.batches = []arrow.RecordBatch{batch}
	t.rows.keyCols = [][]arrow.Array{keys}
	t.rows.starts = []int{0}
	t.rows.n = int(batch.NumRows())
	if t.res != nil {
		t.res.Free()
		return t.reserve(batchBytes(batch, keys))
	}
	return nil
}

// reserve reserves n more bytes of held rows.
func (t *topNOp) reserve(n int64) error {
	if t.res == nil {
		return nil
	}
	if !t.res.TryGrow(n) {
		return t.res.RefusedError(n)
	}
	t.metrics.PeakMemoryBytes = max(t.metrics.PeakMemoryBytes, t.res.Peak())
	return nil
}

func (t *topNOp) free() {
	if t.res != nil {
		t.res.Free()
	}
	t.rows.release()
	if t.permBuf != nil {
		t.permBuf.Release()
		t.permBuf, t.perm = nil, nil
	}
	t.next = 0
}

func (t *topNOp) Close() error {
	if t.closed {
		return nil
	}
	t.closed = true
	t.free()
	return t.child.Close()
}
