package native

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
)

// RecordSource yields record batches; arrow-go's ipc.Reader satisfies it.
// A batch returned by RecordBatch is valid until the next call to Next.
type RecordSource interface {
	Next() bool
	RecordBatch() arrow.RecordBatch
	Err() error
}

// OpenSource opens a RecordSource; it may block until input arrives.
type OpenSource func(ctx context.Context) (RecordSource, error)

// arrowInputOp is a leaf that emits the batches the JVM sends on the Execute
// stream, after checking they have the schema the plan promised.
type arrowInputOp struct {
	open    OpenSource
	schema  *arrow.Schema
	source  RecordSource
	done    bool
	metrics Metrics
}

var _ Operator = (*arrowInputOp)(nil)

// NewArrowInput returns a leaf operator over the batches of open's source,
// which must all have the given schema.
func NewArrowInput(open OpenSource, schema *arrow.Schema, planID int64) Operator {
	return &arrowInputOp{open: open, schema: schema, metrics: Metrics{PlanID: planID, Name: "ArrowInput"}}
}

func (op *arrowInputOp) Open(ctx context.Context) error {
	src, err := op.open(ctx)
	if err != nil {
		return fmt.Errorf("arrow input: %w", err)
	}
	op.source = src
	return nil
}

func (op *arrowInputOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if op.done || op.source == nil {
		return nil, nil
	}
	defer op.metrics.Time()()
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !op.source.Next() {
			op.done = true
			if err := op.source.Err(); err != nil {
				return nil, fmt.Errorf("arrow input: %w", err)
			}
			return nil, nil
		}
		rec := op.source.RecordBatch()
		if !rec.Schema().Equal(op.schema) {
			op.done = true
			return nil, fmt.Errorf("arrow input: batch schema %s does not match the plan's %s", rec.Schema(), op.schema)
		}
		if rec.NumRows() == 0 {
			continue
		}
		rec.Retain()
		op.metrics.Emitted(rec)
		return rec, nil
	}
}

func (op *arrowInputOp) Close() error {
	op.done = true
	// The sidecar releases the IPC readers it opened; a streams source was
	// made here for this leaf, and so was a chained one (local segments, then
	// forwarded streams).
	switch s := op.source.(type) {
	case *StreamsSource:
		s.Release()
	case *ChainedSource:
		s.Release()
	}
	return nil
}

func (op *arrowInputOp) Schema() *arrow.Schema { return op.schema }
func (op *arrowInputOp) Metrics() *Metrics     { return &op.metrics }
func (op *arrowInputOp) Children() []Operator  { return nil }
