package join

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/spill"
)

// Spilling: a grace hash join.
//
// When the budget refuses the build side, both sides are hash-partitioned by
// their join keys into spillFanout file pairs: the build rows read so far and
// the rest of the build side, then the whole stream side. Rows with equal keys
// land in the same pair, so each pair is then joined on its own, one after the
// other, by a fresh hash join over the two files: its output is the join's
// output for those keys. A stream row with a NULL key matches nothing in any
// pair, and a build row with a NULL key is a build-side outer or anti row in
// whichever pair holds it, so outer, semi and anti joins stay exact. A pair
// whose build side is still refused spills in turn, partitioned by the next
// bits of the key hash, up to maxSpillLevel levels (a single key with more
// rows than the budget cannot be split and fails with the budget's message).
//
// The null-aware anti join (NOT IN) does not spill: its answer depends on the
// whole build side (any NULL key, or none at all), not on each pair's.
// Output order differs from the in-memory join's; Spark promises none for a
// hash join, and Ember replaces a sort-merge join only when nothing above
// relies on its order.
const (
	spillBits     = 4
	spillFanout   = 1 << spillBits
	maxSpillLevel = 4
	// spillWriteBuffer is the write buffer of each of the 2*spillFanout files
	// (2 MiB in all). Like the aggregate's, these buffers are not reserved:
	// they come out of the headroom the sidecar keeps above its budget.
	spillWriteBuffer = 64 << 10
)

// canSpill: the join may spill when the budget refuses its build side.
func (j *hashJoinOp) canSpill() bool {
	// Without keys (a nested loop join) there is nothing to partition by.
	return j.dir != nil && !j.spec.NullAwareAnti && len(j.spec.LeftKeys) > 0 && j.level < maxSpillLevel
}

// partitionOf is the spill partition of a key hash at level: the level's own
// spillBits from the top of the hash (the hash table's slots are chosen by a
// multiplicative hash of all its bits; its tags are the top 31, of which a
// spilled pair then shares 4 per level).
func partitionOf(h int64, level int) int32 {
	return int32(uint64(h) >> (64 - spillBits*(level+1)) & (spillFanout - 1))
}

// spillSide writes batches of one side, and the rest of that side, to
// spillFanout files partitioned by key hash. It releases the batches.
func (j *hashJoinOp) spillSide(ctx context.Context, side native.Operator, keys []expr.Evaluator, held []arrow.RecordBatch) ([]*spill.File, error) {
	writers := make([]*spill.Writer, spillFanout)
	abort := func() {
		for _, w := range writers {
			if w != nil {
				w.Abort()
			}
		}
	}
	write := func(b arrow.RecordBatch) error {
		defer b.Release()
		return j.spillBatch(ctx, b, keys, writers)
	}
	for i, b := range held {
		if err := write(b); err != nil {
			for _, rest := range held[i+1:] {
				rest.Release()
			}
			abort()
			return nil, err
		}
	}
	for {
		b, err := side.Next(ctx)
		if err == nil && b == nil {
			break
		}
		if err == nil {
			err = write(b)
		}
		if err != nil {
			abort()
			return nil, err
		}
	}
	files := make([]*spill.File, spillFanout)
	var errs []error
	for p, w := range writers {
		if w == nil {
			continue
		}
		f, err := w.Finish()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files[p] = f
		j.metrics.SpillFiles++
		j.metrics.SpillBytes += f.Bytes
	}
	if err := errors.Join(errs...); err != nil {
		deleteFiles(files)
		return nil, fmt.Errorf("hash join: %w", err)
	}
	return files, nil
}

// spillBatch appends each row of b to its partition's file.
func (j *hashJoinOp) spillBatch(ctx context.Context, b arrow.RecordBatch, keys []expr.Evaluator, writers []*spill.Writer) error {
	n := int(b.NumRows())
	if n == 0 {
		return nil
	}
	stop := j.metrics.Time()
	defer stop()
	keyCols := make([]arrow.Array, len(keys))
	defer func() { native.ReleaseAll(keyCols) }()
	for i, k := range keys {
		var err error
		if keyCols[i], err = k.Eval(ctx, j.mem, b); err != nil {
			return fmt.Errorf("hash join: key %s: %w", k, err)
		}
	}
	// The probe's scratch: no stream batch is probed while the sides are spilled.
	j.hashes, j.nullKey = grow(j.hashes, n), grow(j.nullKey, n)
	h, nullKey := j.hashes, j.nullKey
	if err := keyHashes(keyCols, h, nullKey); err != nil {
		return fmt.Errorf("hash join: %w", err)
	}
	pids := make([]int32, n)
	for i, v := range h {
		pids[i] = partitionOf(v, j.level)
	}
	// A row with a NULL key matches nothing, so any pair may hold it; all of
	// them share one hash, so they are dealt out in turn instead, or a side
	// with many could never be split small enough.
	for i, null := range nullKey {
		if null {
			pids[i] = int32(j.nullsSpilled % spillFanout)
			j.nullsSpilled++
		}
	}
	g := selection.NewGroups([][]int32{pids}, spillFanout)
	grouped := make([]arrow.Array, b.NumCols())
	defer func() { native.ReleaseAll(grouped) }()
	for c := range grouped {
		var err error
		if grouped[c], err = selection.ScatterChunks(j.mem, []arrow.Array{b.Column(c)}, g); err != nil {
			return fmt.Errorf("hash join: spill: %w", err)
		}
	}
	cols := make([]arrow.Array, len(grouped))
	for p := 0; p < spillFanout; p++ {
		rows := g.Starts[p+1] - g.Starts[p]
		if rows == 0 {
			continue
		}
		if writers[p] == nil {
			w, err := j.dir.CreateSized(b.Schema(), j.mem, spillWriteBuffer)
			if err != nil {
				return fmt.Errorf("hash join: %w", err)
			}
			writers[p] = w
		}
		for c := range cols {
			cols[c] = g.Partition(grouped[c], p)
		}
		rec := array.NewRecordBatch(b.Schema(), cols, int64(rows))
		native.ReleaseAll(cols)
		err := writers[p].Write(rec)
		rec.Release()
		if err != nil {
			return fmt.Errorf("hash join: %w", err)
		}
	}
	return nil
}

// startSpill is buildTable's way out when the budget refuses the build side:
// both sides go to partitioned files (held: the build batches read so far,
// which it releases) and the join continues pair by pair.
func (j *hashJoinOp) startSpill(ctx context.Context, held []arrow.RecordBatch) error {
	if j.res != nil {
		j.res.Free()
	}
	build, err := j.spillSide(ctx, j.buildSide(), j.buildKeyExprs(), held)
	if err != nil {
		return err
	}
	j.spillBuild = build
	stream, err := j.spillSide(ctx, j.streamSide(), j.streamKeyExprs(), nil)
	if err != nil {
		deleteFiles(build)
		j.spillBuild = nil
		return err
	}
	j.spillStream = stream
	return nil
}

// nextSpilled returns the next output batch of the spilled pairs, or nil
// after the last pair.
func (j *hashJoinOp) nextSpilled(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		if j.pair != nil {
			out, err := j.pair.Next(ctx)
			if err != nil || out != nil {
				return out, err
			}
			if err := j.closePair(); err != nil {
				return nil, err
			}
		}
		if j.pairIndex >= spillFanout {
			return nil, nil
		}
		p := j.pairIndex
		j.pairIndex++
		if err := j.openPair(ctx, p); err != nil {
			return nil, err
		}
	}
}

// openPair starts the join of pair p: a hash join one level deeper over its
// two files (either may be missing: that side had no row there).
func (j *hashJoinOp) openPair(ctx context.Context, p int) error {
	buildFile, streamFile := j.spillBuild[p], j.spillStream[p]
	j.spillBuild[p], j.spillStream[p] = nil, nil
	build := newSpillScan(buildFile, j.buildSide().Schema(), j.mem)
	stream := newSpillScan(streamFile, j.streamSide().Schema(), j.mem)
	left, right := stream, build
	if j.spec.BuildLeft {
		left, right = build, stream
	}
	pair := &hashJoinOp{left: left, right: right, spec: j.pairSpec(), mem: j.mem, res: j.res, dir: j.dir, level: j.level + 1,
		metrics: native.Metrics{PlanID: j.metrics.PlanID, Name: j.metrics.Name}}
	if err := pair.Open(ctx); err != nil {
		pair.Close()
		return err
	}
	j.pair = pair
	return nil
}

// closePair ends the current pair's join and adds its figures to the join's.
func (j *hashJoinOp) closePair() error {
	pair := j.pair
	j.pair = nil
	err := pair.Close()
	m := pair.metrics
	j.metrics.ComputeNanos += m.ComputeNanos
	j.metrics.PeakMemoryBytes = max(j.metrics.PeakMemoryBytes, m.PeakMemoryBytes)
	j.metrics.SpillFiles += m.SpillFiles
	j.metrics.SpillBytes += m.SpillBytes
	return err
}

// closeSpill ends any pair and deletes the files not joined yet.
func (j *hashJoinOp) closeSpill() error {
	var err error
	if j.pair != nil {
		err = j.closePair()
	}
	deleteFiles(j.spillBuild)
	deleteFiles(j.spillStream)
	j.spillBuild, j.spillStream = nil, nil
	return err
}

func deleteFiles(files []*spill.File) {
	for _, f := range files {
		if f != nil {
			f.Delete()
		}
	}
}

// spillScan reads one spilled file of one side, and deletes it on Close; a
// nil file is an empty side.
type spillScan struct {
	file    *spill.File
	schema  *arrow.Schema
	mem     memory.Allocator
	reader  *spill.Reader
	metrics native.Metrics
}

var _ native.Operator = (*spillScan)(nil)

func newSpillScan(f *spill.File, schema *arrow.Schema, mem memory.Allocator) *spillScan {
	return &spillScan{file: f, schema: schema, mem: mem, metrics: native.Metrics{Name: "SpillScan"}}
}

func (s *spillScan) Open(ctx context.Context) error {
	if s.file == nil {
		return nil
	}
	r, err := s.file.Open(s.mem)
	if err != nil {
		return fmt.Errorf("hash join: %w", err)
	}
	s.reader = r
	return nil
}

func (s *spillScan) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if s.reader == nil {
		return nil, nil
	}
	return s.reader.Next()
}

func (s *spillScan) Close() error {
	var err error
	if s.reader != nil {
		err = s.reader.Close()
		s.reader = nil
	}
	if s.file != nil {
		s.file.Delete()
		s.file = nil
	}
	return err
}

func (s *spillScan) Schema() *arrow.Schema       { return s.schema }
func (s *spillScan) Metrics() *native.Metrics    { return &s.metrics }
func (s *spillScan) Children() []native.Operator { return nil }

// pairSpec is the spec of a spilled pair's join: a pair's build side is its
// own, never shared.
func (j *hashJoinOp) pairSpec() Spec {
	s := j.spec
	s.Cache = nil
	return s
}
