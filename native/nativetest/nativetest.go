// Package nativetest is a test harness for native operators: a source
// operator over prepared batches, batch builders from Go values, and a drain
// that checks the operator contract while collecting the output.
package nativetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/sparkplan/types"
)

// BatchSizes are the batch lengths operator tests run with.
var BatchSizes = kerneltest.BatchSizes

// Batches cuts columns of Go values (nil is NULL) into record batches of at
// most batchSize rows with the given schema.
func Batches(mem memory.Allocator, schema types.Schema, cols [][]any, batchSize int) []arrow.RecordBatch {
	n := 0
	if len(cols) > 0 {
		n = len(cols[0])
	}
	as := schema.ArrowSchema("UTC")
	var out []arrow.RecordBatch
	for start := 0; start < n; start += batchSize {
		end := min(start+batchSize, n)
		arrs := make([]arrow.Array, len(cols))
		for i, c := range cols {
			arrs[i] = kerneltest.Build(mem, schema[i].Type, c[start:end])
		}
		out = append(out, array.NewRecordBatch(as, arrs, int64(end-start)))
		for _, a := range arrs {
			a.Release()
		}
	}
	return out
}

// Source is an Operator that returns prepared batches, one per Next.
type Source struct {
	schema  *arrow.Schema
	batches []arrow.RecordBatch
	metrics native.Metrics
	opened  bool
	Closed  bool
}

var _ native.Operator = (*Source)(nil)

// NewSource returns the batches in order; it takes ownership of them.
func NewSource(schema *arrow.Schema, batches []arrow.RecordBatch) *Source {
	return &Source{schema: schema, batches: batches, metrics: native.Metrics{Name: "Source"}}
}

func (s *Source) Open(context.Context) error { s.opened = true; return nil }

func (s *Source) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !s.opened {
		return nil, fmt.Errorf("source: Next before Open")
	}
	if len(s.batches) == 0 {
		return nil, nil
	}
	b := s.batches[0]
	s.batches = s.batches[1:]
	s.metrics.Emitted(b)
	return b, nil
}

func (s *Source) Close() error {
	s.Closed = true
	for _, b := range s.batches {
		b.Release()
	}
	s.batches = nil
	return nil
}

func (s *Source) Schema() *arrow.Schema       { return s.schema }
func (s *Source) Metrics() *native.Metrics    { return &s.metrics }
func (s *Source) Children() []native.Operator { return nil }

// Drain opens op, pulls every batch, checks the contract (no empty batch,
// the schema, nil after the end) and closes it. It returns the rows as
// columns of Go values and the number of batches.
func Drain(t testing.TB, op native.Operator) ([][]any, int) {
	t.Helper()
	ctx := context.Background()
	if err := op.Open(ctx); err != nil {
		t.Fatal(err)
	}
	cols := make([][]any, op.Schema().NumFields())
	batches := 0
	for {
		rec, err := op.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rec == nil {
			break
		}
		batches++
		if rec.NumRows() == 0 {
			t.Fatalf("operator returned an empty batch")
		}
		if !rec.Schema().Equal(op.Schema()) {
			t.Fatalf("batch schema %s differs from the operator's %s", rec.Schema(), op.Schema())
		}
		for i := range cols {
			c := rec.Column(i)
			for r := 0; r < c.Len(); r++ {
				cols[i] = append(cols[i], kerneltest.Get(c, r))
			}
		}
		rec.Release()
	}
	for i := 0; i < 2; i++ {
		if rec, err := op.Next(ctx); rec != nil || err != nil {
			t.Fatalf("Next after the end returned %v, %v", rec, err)
		}
	}
	if err := op.Close(); err != nil {
		t.Fatal(err)
	}
	if err := op.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	return cols, batches
}

// CheckColumns fails t unless got equals want column by column.
func CheckColumns(t testing.TB, got, want [][]any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d columns, want %d", len(got), len(want))
	}
	for c := range want {
		if len(got[c]) != len(want[c]) {
			t.Fatalf("column %d: got %d rows, want %d", c, len(got[c]), len(want[c]))
		}
		for r := range want[c] {
			if !kerneltest.Equal(got[c][r], want[c][r]) {
				t.Fatalf("column %d row %d: got %v, want %v", c, r, got[c][r], want[c][r])
			}
		}
	}
}

// CountRows opens op, pulls and releases every batch, closes op and returns
// the number of rows: for benchmarks, which keep nothing.
func CountRows(tb testing.TB, op native.Operator) int64 {
	ctx := context.Background()
	if err := op.Open(ctx); err != nil {
		tb.Fatal(err)
	}
	var rows int64
	for {
		rec, err := op.Next(ctx)
		if err != nil {
			tb.Fatal(err)
		}
		if rec == nil {
			break
		}
		rows += rec.NumRows()
		rec.Release()
	}
	op.Close()
	return rows
}
