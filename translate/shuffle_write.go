package translate

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/ember-spark/ember/kernels/order"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/shuffle"
	"github.com/ember-spark/ember/sparkplan"
)

// BuildShuffleWriter returns the writer of a native exchange's map task
// (task.ShuffleWrite): Spark's partitioning of the root's rows, blocks
// compressed with the plan's codec, buffers reserved from env.Memory and
// spilled to env.Spill when refused.
func BuildShuffleWriter(task *sparkplan.Task, env Env) (*shuffle.Writer, error) {
	w := task.ShuffleWrite
	if w == nil {
		return nil, fmt.Errorf("task %q writes no shuffle", task.TaskID)
	}
	if env.SessionTimeZone == "" {
		env.SessionTimeZone = task.SessionTimeZone
	}
	var part shuffle.Partitioner
	switch w.Kind {
	case sparkplan.HashPartitioned:
		keys, err := buildExprs(w.Keys)
		if err != nil {
			return nil, fmt.Errorf("shuffle write hash keys: %w", err)
		}
		part = &shuffle.Hash{Keys: keys, N: w.NumPartitions}
	case sparkplan.SinglePartitioned:
		part = shuffle.Single{}
	case sparkplan.RoundRobinPartitioned:
		part = &shuffle.RoundRobin{N: w.NumPartitions, Start: w.Start}
	case sparkplan.RangePartitioned:
		r, err := buildRangePartitioner(w, env)
		if err != nil {
			return nil, fmt.Errorf("shuffle write: %w", err)
		}
		part = r
	default:
		return nil, fmt.Errorf("shuffle write: unknown partitioning %d", w.Kind)
	}
	codec, err := spill.ParseCodec(w.Codec)
	if err == nil {
		schema := w.Schema.ArrowSchema(env.SessionTimeZone)
		opts := shuffle.Options{Codec: codec}
		var wr *shuffle.Writer
		if env.Memory == nil {
			// Unlimited: nothing is refused, so nothing spills.
			wr, err = shuffle.NewWriter(schema, part, env.Mem, opts, w.PlanID, nil, nil)
		} else {
			wr, err = shuffle.NewWriter(schema, part, env.Mem, opts, w.PlanID, env.Memory.NewReservation("ShuffleWrite"), env.Spill)
		}
		if err == nil {
			return wr, nil
		}
	}
	// Without a writer, the partitioner's memory (range bounds) is still ours.
	if r, ok := part.(interface{ Release() }); ok {
		r.Release()
	}
	return nil, fmt.Errorf("shuffle write: %w", err)
}

// buildRangePartitioner reads the bounds of a range partitioning (checked
// against the sort keys' types and the partition count) into env.Mem.
func buildRangePartitioner(w *sparkplan.ShuffleWrite, env Env) (*shuffle.Range, error) {
	if len(w.SortKeys) == 0 {
		return nil, fmt.Errorf("range partitioning has no sort keys")
	}
	keys := make([]expr.Evaluator, len(w.SortKeys))
	specs := make([]order.Key, len(w.SortKeys))
	arrowTypes := make([]arrow.DataType, len(w.SortKeys))
	for i, k := range w.SortKeys {
		e, err := buildExpr(k.Expr)
		if err != nil {
			return nil, fmt.Errorf("range partitioning key %d: %w", i, err)
		}
		keys[i], specs[i] = e, order.Key{Descending: k.Descending, NullsFirst: k.NullsFirst}
		arrowTypes[i] = e.DataType().ArrowType(env.SessionTimeZone)
	}
	bounds, err := shuffle.ReadRangeBounds(w.Bounds, arrowTypes, env.Mem)
	if err != nil {
		return nil, err
	}
	if n := bounds[0].Len(); n+1 != w.NumPartitions {
		native.ReleaseAll(bounds)
		return nil, fmt.Errorf("range partitioning into %d partitions has %d bounds, not %d", w.NumPartitions, n, w.NumPartitions-1)
	}
	return shuffle.NewRange(keys, specs, bounds)
}
