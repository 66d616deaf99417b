package hashagg

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// PartialSkip lets a partial aggregate stop grouping when grouping does not
// reduce its rows: once MinRows input rows have been aggregated, if the
// groups made exceed MaxGroupRatio times those rows, the groups so far are
// emitted and every later row becomes a partial row of its own (its keys and
// its aggregation buffer, as if it were the only row of its group). That is
// exact: the final aggregate merges partial rows whatever their grouping,
// which is why Spark's partial aggregates may emit a key more than once.
// The same rule as DataFusion's skip_partial_aggregation_probe_* settings
// and Velox's abandonPartialAggregation*.
type PartialSkip struct {
	MinRows       int64
	MaxGroupRatio float64
}

// skipState is the operator's side of PartialSkip.
type skipState struct {
	rows          int64 // input rows aggregated while deciding
	flushedGroups int64 // groups emitted by flushes while deciding
	decided       bool  // the decision has been taken (either way)
	passing       bool  // every row is its own group from now on
	ident         []uint32
}

// skipApplies reports whether the aggregate may skip: a grouped one in
// Partial mode (at least one function, none merging buffers) with PartialSkip
// set, none of whose functions adds floating-point values. Not PartialMerge:
// in Spark's plan of a DISTINCT aggregate, the PartialMerge aggregate that
// groups by the keys and the distinct columns feeds a Partial aggregate in the
// same stage that counts its rows as the distinct values, so its rows must be
// unique; nor an aggregate without functions, whose mode cannot be told. Skipping changes the order in which the final
// aggregate adds them ((a + b) + c instead of a + (b + c)), and so the last
// bits of a double sum, average or variance; every other buffer (counts,
// integral and decimal sums, min, max, first, last) comes out the same.
func (op *hashAggOp) skipApplies() bool {
	if op.spec.PartialSkip == nil || !op.spec.EmitBuffers || len(op.spec.Grouping) == 0 || len(op.spec.Functions) == 0 {
		return false
	}
	for _, f := range op.spec.Functions {
		if f.Merge {
			return false
		}
		switch f.Name {
		case "min", "max", "first", "last", "count":
			continue
		}
		for _, t := range f.BufferTypes {
			if t.ID() == arrow.FLOAT32 || t.ID() == arrow.FLOAT64 {
				return false
			}
		}
	}
	return true
}

// decideSkip counts a consumed batch of n rows; true when the operator must
// now flush its groups and pass every later row through.
func (op *hashAggOp) decideSkip(n int) bool {
	s := &op.skip
	if !op.skipApplies() || s.decided {
		return false
	}
	s.rows += int64(n)
	p := op.spec.PartialSkip
	if s.rows < p.MinRows {
		return false
	}
	s.decided = true
	groups := s.flushedGroups + int64(op.table.groups())
	s.passing = float64(groups) > p.MaxGroupRatio*float64(s.rows)
	return s.passing
}

// passThrough makes one partial row per input row: the keys as evaluated
// and each function's buffer after folding that row alone into a fresh
// state. The state lives until the next batch, one batch's worth, so it is
// not reserved (like a projection's output).
func (op *hashAggOp) passThrough(ctx context.Context, in arrow.RecordBatch) (arrow.RecordBatch, error) {
	defer op.metrics.Time()()
	n := int(in.NumRows())
	op.free()
	if err := op.initState(); err != nil {
		return nil, err
	}
	keys := make([]arrow.Array, len(op.spec.Grouping), op.spec.Intermediate.NumFields())
	for i, g := range op.spec.Grouping {
		k, err := g.Eval(ctx, op.mem, in)
		if err != nil {
			releaseAll(keys)
			return nil, fmt.Errorf("hash aggregate: grouping %s: %w", g, err)
		}
		keys[i] = relabel(k, op.keyType[i])
	}
	s := &op.skip
	if len(s.ident) < n {
		s.ident = make([]uint32, n)
		for i := range s.ident {
			s.ident[i] = uint32(i)
		}
	}
	gids := s.ident[:n]
	for i := range op.funcs {
		f := &op.funcs[i]
		f.acc.resize(n)
		var err error
		if f.Merge {
			bufs := make([]arrow.Array, len(f.InputBuffer))
			for j, o := range f.InputBuffer {
				bufs[j] = in.Column(o)
			}
			err = f.acc.merge(gids, bufs)
		} else {
			err = op.update(ctx, f, in, gids)
		}
		if err != nil {
			releaseAll(keys)
			return nil, err
		}
	}
	cols := keys
	for _, f := range op.funcs {
		bufs, err := f.acc.emitBuffer(op.mem, f.types, 0, n)
		if err != nil {
			releaseAll(cols)
			return nil, err
		}
		cols = append(cols, bufs...)
	}
	return op.output(ctx, cols, n)
}

// relabel gives a with the type want, when the two differ only in metadata
// (a timestamp's zone, say) and share the physical layout.
func relabel(a arrow.Array, want arrow.DataType) arrow.Array {
	if arrow.TypeEqual(a.DataType(), want) {
		return a
	}
	d := a.Data()
	nd := array.NewData(want, d.Len(), d.Buffers(), d.Children(), d.NullN(), d.Offset())
	out := array.MakeFromData(nd)
	nd.Release()
	a.Release()
	return out
}
