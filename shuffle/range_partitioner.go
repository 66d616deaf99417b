package shuffle

// Spark: sql/core/src/main/scala/org/apache/spark/sql/execution/exchange/ShuffleExchangeExec.scala
// (prepareShuffleDependency: a RangePartitioner over the projected sort keys,
// ascending = true, ordered by the SortOrders) and
// core/src/main/scala/org/apache/spark/Partitioner.scala (RangePartitioner.getPartition).

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/order"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
)

// Range is Spark's RangePartitioning: a row goes to the number of bounds
// below its sort keys (the index of the first bound >= them), rows above
// every bound to the last partition. The bounds were sampled by the JVM
// (RangePartitioner.rangeBounds), so there are NumPartitions()-1 of them.
type Range struct {
	keys   []expr.Evaluator
	cols   []arrow.Array // the bounds, one array per key
	bounds *order.Bounds
	vals   []arrow.Array // a batch's key values, reused
}

// NewRange is the range partitioning of rows by keys, ordered by specs, with
// bounds (one array per key, of the keys' Arrow types, strictly increasing
// under that order). The Range takes over bounds (Release releases them),
// also when it returns an error.
func NewRange(keys []expr.Evaluator, specs []order.Key, bounds []arrow.Array) (*Range, error) {
	fail := func(err error) (*Range, error) {
		native.ReleaseAll(bounds)
		return nil, fmt.Errorf("range partitioning: %w", err)
	}
	if len(keys) == 0 {
		return fail(errors.New("no sort keys"))
	}
	if len(keys) != len(specs) || len(bounds) != len(keys) {
		return fail(fmt.Errorf("%d keys, %d orders, %d bound columns", len(keys), len(specs), len(bounds)))
	}
	b, err := order.NewBounds(bounds, specs)
	if err != nil {
		return fail(err)
	}
	return &Range{keys: keys, cols: bounds, bounds: b, vals: make([]arrow.Array, len(keys))}, nil
}

func (r *Range) NumPartitions() int { return r.bounds.Len() + 1 }

func (r *Range) Assign(ctx context.Context, mem memory.Allocator, batch arrow.RecordBatch, out []int32) error {
	defer func() {
		native.ReleaseAll(r.vals)
		clear(r.vals)
	}()
	for i, k := range r.keys {
		a, err := k.Eval(ctx, mem, batch)
		if err != nil {
			return fmt.Errorf("range partitioning key %s: %w", k, err)
		}
		r.vals[i] = a
	}
	if err := r.bounds.Search(r.vals, out); err != nil {
		return fmt.Errorf("range partitioning: %w", err)
	}
	return nil
}

// Release releases the bounds.
func (r *Range) Release() {
	native.ReleaseAll(r.cols)
	r.cols = nil
}

// ReadRangeBounds reads a range partitioning's bounds from an Arrow IPC
// stream (every batch of it, concatenated): one column per key, of the
// key's type in types (a timestamp's zone label aside). No bytes is no
// bounds. The caller releases the arrays.
func ReadRangeBounds(stream []byte, types []arrow.DataType, mem memory.Allocator) (_ []arrow.Array, err error) {
	if len(stream) == 0 {
		out := make([]arrow.Array, len(types))
		for i, t := range types {
			b := array.NewBuilder(mem, t)
			out[i] = b.NewArray()
			b.Release()
		}
		return out, nil
	}
	rd, err := ipc.NewReader(bytes.NewReader(stream), ipc.WithAllocator(mem))
	if err != nil {
		return nil, fmt.Errorf("range bounds: %w", err)
	}
	defer rd.Release()
	fields := rd.Schema().Fields()
	if len(fields) != len(types) {
		return nil, fmt.Errorf("range bounds: %d columns for %d sort keys", len(fields), len(types))
	}
	for i, f := range fields {
		if !order.SameKeyType(f.Type, types[i]) {
			return nil, fmt.Errorf("range bounds: column %d is %s, but sort key %d is %s", i, f.Type, i, types[i])
		}
	}
	parts := make([][]arrow.Array, len(types))
	defer func() {
		for _, p := range parts {
			native.ReleaseAll(p)
		}
	}()
	for rd.Next() {
		rec := rd.RecordBatch()
		for i := range parts {
			c := rec.Column(i)
			c.Retain()
			parts[i] = append(parts[i], c)
		}
	}
	if err := rd.Err(); err != nil {
		return nil, fmt.Errorf("range bounds: %w", err)
	}
	out := make([]arrow.Array, len(types))
	for i, p := range parts {
		if len(p) == 0 {
			b := array.NewBuilder(mem, fields[i].Type)
			out[i] = b.NewArray()
			b.Release()
			continue
		}
		if out[i], err = array.Concatenate(p, mem); err != nil {
			native.ReleaseAll(out[:i])
			return nil, fmt.Errorf("range bounds: %w", err)
		}
	}
	return out, nil
}
