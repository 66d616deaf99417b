package native

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/selection"
)

// limitOp keeps the rows at positions [offset, limit) of its child's
// partition (Spark's LocalLimitExec: iter.take(limit); GlobalLimitExec:
// iter.slice(offset, limit), or iter.drop(offset) without a limit). Once it
// has its rows it reads no more of its child and closes it. It holds no rows.
type limitOp struct {
	child   Operator
	limit   int64 // < 0: no limit
	offset  int64
	mem     memory.Allocator
	metrics Metrics
	seen    int64 // rows read from the child
	idx     []int32
	done    bool
	closed  bool
}

var _ Operator = (*limitOp)(nil)

// NewLimit keeps the rows of child at positions [offset, limit), every row
// from offset on when limit is negative. A batch kept whole is passed on as
// is; a partly kept one is copied. planID is the Spark plan id of the
// LocalLimitExec or GlobalLimitExec.
func NewLimit(child Operator, limit, offset int64, mem memory.Allocator, planID int64) Operator {
	return &limitOp{child: child, limit: limit, offset: max(offset, 0), mem: mem, metrics: Metrics{PlanID: planID, Name: "Limit"}}
}

func (l *limitOp) Open(ctx context.Context) error { return l.child.Open(ctx) }

func (l *limitOp) Schema() *arrow.Schema { return l.child.Schema() }

func (l *limitOp) Metrics() *Metrics { return &l.metrics }

func (l *limitOp) Children() []Operator { return []Operator{l.child} }

func (l *limitOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if l.done {
			return nil, nil
		}
		if l.limit >= 0 && l.seen >= l.limit {
			// Every wanted row is out: stop reading the child.
			return nil, l.finish()
		}
		in, err := l.child.Next(ctx)
		if err != nil {
			return nil, err
		}
		if in == nil {
			l.done = true
			return nil, nil
		}
		n := in.NumRows()
		lo := max(l.offset-l.seen, 0)
		hi := n
		if l.limit >= 0 {
			hi = min(n, l.limit-l.seen)
		}
		l.seen += n
		if hi <= lo {
			in.Release()
			continue
		}
		if lo == 0 && hi == n {
			l.metrics.Emitted(in)
			return in, nil
		}
		out, err := l.slice(in, int(lo), int(hi))
		if err != nil {
			return nil, err
		}
		l.metrics.Emitted(out)
		return out, nil
	}
}

// slice copies rows [lo, hi) of in and releases in.
func (l *limitOp) slice(in arrow.RecordBatch, lo, hi int) (arrow.RecordBatch, error) {
	defer l.metrics.Time()()
	defer in.Release()
	l.idx = l.idx[:0]
	for i := lo; i < hi; i++ {
		l.idx = append(l.idx, int32(i))
	}
	cols := make([]arrow.Array, in.NumCols())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for i := range cols {
		c, err := selection.Take(l.mem, in.Column(i), l.idx)
		if err != nil {
			return nil, fmt.Errorf("limit: column %d: %w", i, err)
		}
		cols[i] = c
	}
	return array.NewRecordBatch(in.Schema(), cols, int64(hi-lo)), nil
}

// finish ends the output and closes the child, whose rows are no longer needed.
func (l *limitOp) finish() error {
	l.done = true
	return l.child.Close()
}

func (l *limitOp) Close() error {
	if l.closed {
		return nil
	}
	l.closed = true
	l.done = true
	return l.child.Close()
}
