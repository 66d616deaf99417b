package native

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/native/expr"
)

// projectOp computes one output column per expression over each batch of its
// child (Spark's ProjectExec).
type projectOp struct {
	child   Operator
	exprs   []expr.Evaluator
	schema  *arrow.Schema
	mem     memory.Allocator
	metrics Metrics
	done    bool
	closed  bool
}

var _ Operator = (*projectOp)(nil)

// NewProject computes exprs over each batch of child; schema has one field per
// expression, of the Arrow type of the expression's Spark type (the session
// time zone labels timestamps). A column reference shares the input array
// instead of copying it. planID is the Spark plan id of the ProjectExec.
func NewProject(child Operator, exprs []expr.Evaluator, schema *arrow.Schema, mem memory.Allocator, planID int64) Operator {
	return &projectOp{child: child, exprs: exprs, schema: schema, mem: mem, metrics: Metrics{PlanID: planID, Name: "Project"}}
}

func (p *projectOp) Open(ctx context.Context) error {
	if p.schema.NumFields() != len(p.exprs) {
		return fmt.Errorf("project: %d expressions but the schema has %d fields", len(p.exprs), p.schema.NumFields())
	}
	return p.child.Open(ctx)
}

func (p *projectOp) Schema() *arrow.Schema { return p.schema }

func (p *projectOp) Metrics() *Metrics { return &p.metrics }

func (p *projectOp) Children() []Operator { return []Operator{p.child} }

func (p *projectOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if p.done {
		return nil, nil
	}
	in, err := p.child.Next(ctx)
	if err != nil {
		return nil, err
	}
	if in == nil {
		p.done = true
		return nil, nil
	}
	defer in.Release()
	out, err := p.project(ctx, in)
	if err != nil {
		return nil, err
	}
	p.metrics.Emitted(out)
	return out, nil
}

func (p *projectOp) project(ctx context.Context, in arrow.RecordBatch) (arrow.RecordBatch, error) {
	defer p.metrics.Time()()
	cols := make([]arrow.Array, len(p.exprs))
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for i, e := range p.exprs {
		c, err := e.Eval(ctx, p.mem, in)
		if err != nil {
			return nil, fmt.Errorf("project %s: %w", e, err)
		}
		cols[i] = c
		want := p.schema.Field(i).Type
		if !arrow.TypeEqual(c.DataType(), want) {
			relabeled, err := relabel(c, want)
			if err != nil {
				return nil, fmt.Errorf("project %s: %w", e, err)
			}
			c.Release()
			cols[i] = relabeled
		}
	}
	return array.NewRecordBatch(p.schema, cols, in.NumRows()), nil
}

// relabel gives a timestamp array the schema's time zone label, sharing its
// buffers; any other type mismatch is an error.
func relabel(a arrow.Array, want arrow.DataType) (arrow.Array, error) {
	got, ok1 := a.DataType().(*arrow.TimestampType)
	w, ok2 := want.(*arrow.TimestampType)
	if !ok1 || !ok2 || got.Unit != w.Unit {
		return nil, fmt.Errorf("result type %s does not match the schema's %s", a.DataType(), want)
	}
	d := a.Data()
	data := array.NewData(want, d.Len(), d.Buffers(), nil, d.NullN(), d.Offset())
	defer data.Release()
	return array.MakeFromData(data), nil
}

func (p *projectOp) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	return p.child.Close()
}
