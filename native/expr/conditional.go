package expr

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/conditional"
	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/sparkplan/types"
)

// evalRows evaluates e over the rows of batch listed in rows (ascending; nil
// for every row). Only those rows are handed to e, so an expression Spark
// would not evaluate for the other rows is not evaluated for them either.
func evalRows(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch, e Evaluator, rows []int32) (arrow.Array, error) {
	if rows == nil || len(rows) == int(batch.NumRows()) {
		return e.Eval(ctx, mem, batch)
	}
	if l, ok := e.(*Literal); ok {
		return l.evalN(mem, len(rows))
	}
	used := make(map[int]struct{})
	all := !columnsUsed(e, used)
	cols := make([]arrow.Array, batch.NumCols())
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for i := range cols {
		if _, ok := used[i]; !all && !ok {
			// A column e does not read: an all-NULL placeholder, no buffers.
			cols[i] = array.NewNull(len(rows))
			continue
		}
		c, err := selection.Take(mem, batch.Column(i), rows)
		if err != nil {
			return nil, err
		}
		cols[i] = c
	}
	sub := array.NewRecordBatch(subSchema(batch.Schema(), cols), cols, int64(len(rows)))
	defer sub.Release()
	return e.Eval(ctx, mem, sub)
}

// merge assembles the result of a conditional from its parts and releases them.
func merge(mem memory.Allocator, result types.DataType, n int, parts []conditional.Part) (arrow.Array, error) {
	defer func() {
		for _, p := range parts {
			p.Values.Release()
		}
	}()
	dt := result.ArrowType("")
	for _, p := range parts {
		if p.Values.DataType().ID() != arrow.NULL {
			dt = p.Values.DataType() // keeps a timestamp's time zone label
			break
		}
	}
	if len(parts) == 1 && parts[0].Rows == nil && parts[0].Values.DataType().ID() == dt.ID() {
		v := parts[0].Values
		v.Retain()
		return v, nil
	}
	return conditional.Merge(mem, dt, n, parts)
}

// CaseWhen is Spark's CaseWhen (and If, a CaseWhen with one branch): the
// first branch whose condition is true gives the value, else the else value.
// Conditions are evaluated only for the rows no earlier branch took, values
// only for the rows that take their branch.
type CaseWhen struct {
	name   string
	conds  []Evaluator
	values []Evaluator
	els    Evaluator
	result types.DataType
}

// NewCaseWhen is CASE WHEN conds[0] THEN values[0] ... ELSE els END with
// result type result; els may be a NULL literal. name is "CaseWhen" or "If",
// for messages.
func NewCaseWhen(name string, conds, values []Evaluator, els Evaluator, result types.DataType) (*CaseWhen, error) {
	if len(conds) == 0 || len(conds) != len(values) || els == nil {
		return nil, fmt.Errorf("%s needs as many conditions as values (at least one) and an else value", name)
	}
	for i, c := range conds {
		if id := c.DataType().ID; id != types.Boolean && id != types.Null {
			return nil, fmt.Errorf("%s condition %d must be boolean, got %s", name, i+1, c.DataType())
		}
	}
	for _, v := range append(append([]Evaluator{}, values...), els) {
		if v.DataType() != result && v.DataType().ID != types.Null {
			return nil, fmt.Errorf("%s value %s has type %s, want %s", name, v, v.DataType(), result)
		}
	}
	return &CaseWhen{name: name, conds: conds, values: values, els: els, result: result}, nil
}

// DataType implements Evaluator.
func (e *CaseWhen) DataType() types.DataType { return e.result }

func (e *CaseWhen) String() string {
	s := "CASE"
	for i := range e.conds {
		s += fmt.Sprintf(" WHEN %s THEN %s", e.conds[i], e.values[i])
	}
	return s + fmt.Sprintf(" ELSE %s END", e.els)
}

// Eval implements Evaluator.
func (e *CaseWhen) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	n := int(batch.NumRows())
	var parts []conditional.Part
	fail := func(err error) (arrow.Array, error) {
		for _, p := range parts {
			p.Values.Release()
		}
		return nil, err
	}
	var remaining []int32 // nil: every row
	for i, cond := range e.conds {
		if remaining != nil && len(remaining) == 0 {
			break
		}
		c, err := evalRows(ctx, mem, batch, cond, remaining)
		if err != nil {
			return fail(err)
		}
		var taken, rest []int32
		if c.DataType().ID() == arrow.NULL {
			rest = remaining // a NULL condition takes no row
			if rest == nil {
				rest = allRows(n)
			}
		} else {
			taken, rest = conditional.Split(c, remaining)
		}
		c.Release()
		if len(taken) > 0 {
			rows := taken
			if len(taken) == n {
				rows = nil
			}
			v, err := evalRows(ctx, mem, batch, e.values[i], rows)
			if err != nil {
				return fail(err)
			}
			parts = append(parts, conditional.Part{Rows: rows, Values: v})
		}
		remaining = rest
	}
	if remaining == nil || len(remaining) > 0 {
		rows := remaining
		if len(rows) == n {
			rows = nil
		}
		v, err := evalRows(ctx, mem, batch, e.els, rows)
		if err != nil {
			return fail(err)
		}
		parts = append(parts, conditional.Part{Rows: rows, Values: v})
	}
	return merge(mem, e.result, n, parts)
}

func allRows(n int) []int32 {
	out := make([]int32, n)
	for i := range out {
		out[i] = int32(i)
	}
	return out
}

// Coalesce is Spark's Coalesce: the first non-NULL argument. Each argument is
// evaluated only for the rows every earlier argument left NULL.
type Coalesce struct {
	args   []Evaluator
	result types.DataType
}

// NewCoalesce is COALESCE(args...) with result type result.
func NewCoalesce(args []Evaluator, result types.DataType) (*Coalesce, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("Coalesce needs at least one argument")
	}
	for _, a := range args {
		if a.DataType() != result && a.DataType().ID != types.Null {
			return nil, fmt.Errorf("Coalesce argument %s has type %s, want %s", a, a.DataType(), result)
		}
	}
	return &Coalesce{args: args, result: result}, nil
}

// DataType implements Evaluator.
func (e *Coalesce) DataType() types.DataType { return e.result }

func (e *Coalesce) String() string { return fmt.Sprintf("coalesce(%s)", joinEvaluators(e.args)) }

// Eval implements Evaluator.
func (e *Coalesce) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	n := int(batch.NumRows())
	var parts []conditional.Part
	var remaining []int32
	for _, a := range e.args {
		if a.DataType().ID == types.Null {
			continue // adds nothing: its rows stay NULL
		}
		v, err := evalRows(ctx, mem, batch, a, remaining)
		if err != nil {
			for _, p := range parts {
				p.Values.Release()
			}
			return nil, err
		}
		parts = append(parts, conditional.Part{Rows: remaining, Values: v})
		remaining = conditional.NullRows(v, remaining)
		if len(remaining) == 0 {
			break
		}
	}
	if len(parts) == 0 {
		return NewNullLiteral(e.result).evalN(mem, n)
	}
	return merge(mem, e.result, n, parts)
}

// In is Spark's In (and InSet): value IN (items), three-valued. Literal items
// are matched through a set; the others are evaluated over the batch (in
// LEGACY mode no item can raise, so this equals Spark's stop-at-first-match).
type In struct {
	name  string
	value Evaluator
	items []Evaluator
}

// NewIn is value IN (items); every item has the value's type (or Null).
func NewIn(name string, value Evaluator, items []Evaluator) (*In, error) {
	if len(items) == 0 {
		return nil, fmt.Errorf("%s needs at least one list item", name)
	}
	for _, it := range items {
		if it.DataType() != value.DataType() && it.DataType().ID != types.Null && value.DataType().ID != types.Null {
			return nil, fmt.Errorf("%s item %s has type %s, the value %s", name, it, it.DataType(), value.DataType())
		}
	}
	return &In{name: name, value: value, items: items}, nil
}

// DataType implements Evaluator.
func (e *In) DataType() types.DataType { return types.BooleanType }

func (e *In) String() string { return fmt.Sprintf("(%s IN (%s))", e.value, joinEvaluators(e.items)) }

// Eval implements Evaluator.
func (e *In) Eval(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch) (arrow.Array, error) {
	v, err := e.value.Eval(ctx, mem, batch)
	if err != nil {
		return nil, err
	}
	defer v.Release()
	items := make([]conditional.Item, len(e.items))
	defer func() {
		for _, it := range items {
			if it.Array != nil {
				it.Array.Release()
			}
		}
	}()
	for i, it := range e.items {
		if lit, ok := it.(*Literal); ok {
			items[i] = conditional.Item{Scalar: lit.value}
			continue
		}
		a, err := it.Eval(ctx, mem, batch)
		if err != nil {
			return nil, err
		}
		items[i] = conditional.Item{Array: a}
	}
	return conditional.In(mem, e.value.DataType(), v, items)
}

// subSchema is schema with the placeholder columns typed Null.
func subSchema(schema *arrow.Schema, cols []arrow.Array) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	changed := false
	for i, c := range cols {
		fields[i] = schema.Field(i)
		if !arrow.TypeEqual(c.DataType(), fields[i].Type) {
			fields[i].Type, fields[i].Nullable, changed = c.DataType(), true, true
		}
	}
	if !changed {
		return schema
	}
	md := schema.Metadata()
	return arrow.NewSchema(fields, &md)
}
