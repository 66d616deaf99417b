package native

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// unionOp emits the batches of its children one child after the other (UnionExec).
// A Spark task of a union reads one branch, so the JVM sends each task's plan with
// the branch of its partition only; several children are run in order all the same.
//
// Contract: holds nothing; a child's batch is passed through with the union's
// schema (its nullability may be wider than the child's).
type unionOp struct {
	children []Operator
	schema   *arrow.Schema
	current  int
	metrics  Metrics
	closed   bool
}

var _ Operator = (*unionOp)(nil)

// NewUnion concatenates children, whose schemas must have schema's types.
func NewUnion(children []Operator, schema *arrow.Schema, planID int64) Operator {
	return &unionOp{children: children, schema: schema, metrics: Metrics{PlanID: planID, Name: "Union"}}
}

func (op *unionOp) Open(ctx context.Context) error {
	if len(op.children) == 0 {
		return fmt.Errorf("union: no children")
	}
	for i, c := range op.children {
		s := c.Schema()
		if s.NumFields() != op.schema.NumFields() {
			return fmt.Errorf("union: child %d has %d columns, the union %d", i, s.NumFields(), op.schema.NumFields())
		}
		for f := 0; f < s.NumFields(); f++ {
			if !arrow.TypeEqual(s.Field(f).Type, op.schema.Field(f).Type) {
				return fmt.Errorf("union: child %d column %d is %s, the union's %s", i, f, s.Field(f).Type, op.schema.Field(f).Type)
			}
		}
		if err := c.Open(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (op *unionOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for op.current < len(op.children) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := op.children[op.current].Next(ctx)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			op.current++
			continue
		}
		out := array.NewRecordBatch(op.schema, rec.Columns(), rec.NumRows())
		rec.Release()
		op.metrics.Emitted(out)
		return out, nil
	}
	return nil, nil
}

func (op *unionOp) Close() error {
	if op.closed {
		return nil
	}
	op.closed = true
	var first error
	for _, c := range op.children {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (op *unionOp) Schema() *arrow.Schema { return op.schema }
func (op *unionOp) Metrics() *Metrics     { return &op.metrics }
func (op *unionOp) Children() []Operator  { return op.children }
