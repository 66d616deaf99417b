package native

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native/expr"
)

// expandOp emits, for every input row, one row per projection, in Spark's order:
// row i's projections 0..k-1 before row i+1's (ExpandExec; ROLLUP, CUBE, GROUPING
// SETS and several count(DISTINCT) are planned through it).
//
// Contract: it holds one input batch at a time, with the k projections of that batch
// concatenated per column (k times the batch); output batches have at most batchRows
// rows and are gathered from those columns.
type expandOp struct {
	child       Operator
	projections [][]expr.Evaluator
	schema      *arrow.Schema
	mem         memory.Allocator
	batchRows   int
	metrics     Metrics

	// The current input batch's projections, one concatenated column per output
	// field: row j*n+i is projection j of input row i.
	columns []arrow.Array
	n       int // input rows of the current batch
	next    int // next output row (in Spark's order) to emit
	idx     []int32
	done    bool
	closed  bool
}

var _ Operator = (*expandOp)(nil)

// NewExpand expands each batch of child by projections (each one expression per
// field of schema). batchRows bounds the rows of an output batch. planID is the
// Spark plan id of the ExpandExec.
func NewExpand(child Operator, projections [][]expr.Evaluator, schema *arrow.Schema, mem memory.Allocator, batchRows int, planID int64) Operator {
	if batchRows <= 0 {
		batchRows = 8192
	}
	return &expandOp{child: child, projections: projections, schema: schema, mem: mem, batchRows: batchRows,
		metrics: Metrics{PlanID: planID, Name: "Expand"}}
}

func (op *expandOp) Open(ctx context.Context) error {
	if len(op.projections) == 0 {
		return fmt.Errorf("expand: no projections")
	}
	for i, p := range op.projections {
		if len(p) != op.schema.NumFields() {
			return fmt.Errorf("expand: projection %d has %d expressions but the schema has %d fields", i, len(p), op.schema.NumFields())
		}
	}
	return op.child.Open(ctx)
}

func (op *expandOp) Schema() *arrow.Schema { return op.schema }
func (op *expandOp) Metrics() *Metrics     { return &op.metrics }
func (op *expandOp) Children() []Operator  { return []Operator{op.child} }

func (op *expandOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if op.done {
			return nil, nil
		}
		if op.columns != nil && op.next < op.n*len(op.projections) {
			out, err := op.emit()
			if err != nil {
				return nil, err
			}
			op.metrics.Emitted(out)
			return out, nil
		}
		op.releaseColumns()
		in, err := op.child.Next(ctx)
		if err != nil {
			return nil, err
		}
		if in == nil {
			op.done = true
			return nil, nil
		}
		err = op.expand(ctx, in)
		in.Release()
		if err != nil {
			return nil, err
		}
	}
}

// expand evaluates every projection over in and concatenates them per column.
func (op *expandOp) expand(ctx context.Context, in arrow.RecordBatch) error {
	defer op.metrics.Time()()
	k := len(op.projections)
	perProjection := make([][]arrow.Array, op.schema.NumFields())
	defer func() {
		for _, cols := range perProjection {
			for _, c := range cols {
				if c != nil {
					c.Release()
				}
			}
		}
	}()
	for f := range perProjection {
		perProjection[f] = make([]arrow.Array, k)
	}
	for j, exprs := range op.projections {
		for f, e := range exprs {
			c, err := e.Eval(ctx, op.mem, in)
			if err != nil {
				return fmt.Errorf("expand %s: %w", e, err)
			}
			if want := op.schema.Field(f).Type; !arrow.TypeEqual(c.DataType(), want) {
				relabeled, err := relabel(c, want)
				c.Release()
				if err != nil {
					return fmt.Errorf("expand %s: %w", e, err)
				}
				c = relabeled
			}
			perProjection[f][j] = c
		}
	}
	columns := make([]arrow.Array, len(perProjection))
	for f, cols := range perProjection {
		c, err := array.Concatenate(cols, op.mem)
		if err != nil {
			for _, done := range columns[:f] {
				done.Release()
			}
			return fmt.Errorf("expand: %w", err)
		}
		columns[f] = c
	}
	op.columns, op.n, op.next = columns, int(in.NumRows()), 0
	return nil
}

// emit gathers the next output batch: output row r is projection r%k of input row r/k.
func (op *expandOp) emit() (arrow.RecordBatch, error) {
	defer op.metrics.Time()()
	k := len(op.projections)
	end := min(op.next+op.batchRows, op.n*k)
	op.idx = op.idx[:0]
	for r := op.next; r < end; r++ {
		op.idx = append(op.idx, int32((r%k)*op.n+r/k))
	}
	out := make([]arrow.Array, len(op.columns))
	for f, c := range op.columns {
		taken, err := selection.Take(op.mem, c, op.idx)
		if err != nil {
			for _, t := range out[:f] {
				t.Release()
			}
			return nil, fmt.Errorf("expand: %w", err)
		}
		out[f] = taken
	}
	op.next = end
	rec := array.NewRecordBatch(op.schema, out, int64(len(op.idx)))
	for _, c := range out {
		c.Release()
	}
	return rec, nil
}

func (op *expandOp) releaseColumns() {
	for _, c := range op.columns {
		c.Release()
	}
	op.columns = nil
}

func (op *expandOp) Close() error {
	if op.closed {
		return nil
	}
	op.closed = true
	op.releaseColumns()
	return op.child.Close()
}
