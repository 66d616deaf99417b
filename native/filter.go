package native

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native/expr"
)

// filterOp keeps the rows of its child's batches where a condition is true
// (Spark's FilterExec: false and NULL both drop the row).
type filterOp struct {
	child   Operator
	cond    expr.Evaluator
	mem     memory.Allocator
	metrics Metrics
	idx     []int32 // scratch: positions of the kept rows
	done    bool
	closed  bool
}

var _ Operator = (*filterOp)(nil)

// NewFilter keeps the rows of child where cond (a boolean expression over the
// child's columns) is true. A batch whose rows all pass is passed on as is,
// without copying; a batch with no passing row is skipped, so Next never
// returns an empty batch. planID is the Spark plan id of the FilterExec.
func NewFilter(child Operator, cond expr.Evaluator, mem memory.Allocator, planID int64) Operator {
	return &filterOp{child: child, cond: cond, mem: mem, metrics: Metrics{PlanID: planID, Name: "Filter"}}
}

func (f *filterOp) Open(ctx context.Context) error { return f.child.Open(ctx) }

func (f *filterOp) Schema() *arrow.Schema { return f.child.Schema() }

func (f *filterOp) Metrics() *Metrics { return &f.metrics }

func (f *filterOp) Children() []Operator { return []Operator{f.child} }

func (f *filterOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if f.done {
			return nil, nil
		}
		in, err := f.child.Next(ctx)
		if err != nil {
			return nil, err
		}
		if in == nil {
			f.done = true
			return nil, nil
		}
		out, err := f.filter(ctx, in)
		if err != nil {
			return nil, err
		}
		if out != nil {
			f.metrics.Emitted(out)
			return out, nil
		}
	}
}

// filter returns the passing rows of in, or nil when none pass; it takes
// ownership of in.
func (f *filterOp) filter(ctx context.Context, in arrow.RecordBatch) (arrow.RecordBatch, error) {
	defer f.metrics.Time()()
	mask, err := f.cond.Eval(ctx, f.mem, in)
	if err != nil {
		in.Release()
		return nil, fmt.Errorf("filter %s: %w", f.cond, err)
	}
	defer mask.Release()
	n := int(in.NumRows())
	if mask.Len() != n || mask.DataType().ID() != arrow.BOOL {
		in.Release()
		return nil, fmt.Errorf("filter %s: condition gave %d values of %s for %d rows", f.cond, mask.Len(), mask.DataType(), n)
	}
	if mask.NullN() == 0 {
		d := mask.Data()
		switch bitutil.CountSetBits(d.Buffers()[1].Bytes(), d.Offset(), n) {
		case n:
			return in, nil
		case 0:
			in.Release()
			return nil, nil
		}
	}
	f.idx = selection.Indices(mask, f.idx)
	kept := len(f.idx)
	if kept == 0 {
		in.Release()
		return nil, nil
	}
	if kept == n {
		return in, nil
	}
	defer in.Release()
	cols := make([]arrow.Array, in.NumCols())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for i := range cols {
		c, err := selection.Take(f.mem, in.Column(i), f.idx)
		if err != nil {
			return nil, fmt.Errorf("filter: column %d: %w", i, err)
		}
		cols[i] = c
	}
	return array.NewRecordBatch(in.Schema(), cols, int64(kept)), nil
}

func (f *filterOp) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	return f.child.Close()
}
