// Package join holds the native join operators.
package join

// Spark: sql/core/src/main/scala/org/apache/spark/sql/execution/joins/HashJoin.scala
// (join types, build sides, the extra condition), ShuffledHashJoinExec.scala
// (build-side outer joins, full outer), BroadcastHashJoinExec.scala (the
// null-aware anti join of NOT IN).

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/spill"
)

// Type is Spark's JoinType.
type Type int

const (
	Inner Type = iota
	LeftOuter
	RightOuter
	FullOuter
	LeftSemi
	LeftAnti
)

func (t Type) String() string {
	return [...]string{"Inner", "LeftOuter", "RightOuter", "FullOuter", "LeftSemi", "LeftAnti"}[t]
}

// Spec describes a hash join.
type Spec struct {
	Type Type
	// BuildLeft: the left child is the build side (Spark's BuildLeft), else the right.
	BuildLeft bool
	// LeftKeys and RightKeys are evaluated over their side's batches; the
	// i-th keys of both sides have one type. With no keys every pair of rows
	// is a candidate and Condition alone decides (Spark's
	// BroadcastNestedLoopJoinExec); such a join does not spill.
	LeftKeys, RightKeys []expr.Evaluator
	// Condition is the extra join condition over left ++ right columns, or nil.
	Condition expr.Evaluator
	// NullAwareAnti is Spark's isNullAwareAntiJoin (LeftAnti, BuildRight, one
	// key, no condition: NOT IN).
	NullAwareAnti bool
	// BuildHasNullKey: the null-aware anti join's build side had a NULL key
	// though its rows are not given (Spark's broadcast relation then keeps
	// none: HashedRelationWithAllNullKeys), so the join returns no rows.
	BuildHasNullKey bool
	// Schema is the output: left ++ right columns (the outer side's made
	// nullable), or the left columns for LeftSemi and LeftAnti.
	Schema    *arrow.Schema
	BatchSize int
	// Cache, when set, shares the build side with the other tasks that read
	// the same broadcast (CacheKey) on this sidecar: the build child is then a
	// broadcast input, opened and read only by the task that builds it.
	Cache    *BuildCache
	CacheKey CacheKey
}

// hashJoinOp joins its children on equal keys.
//
// Contract: Open opens both children; the first Next reads the whole build
// side, then the stream side is read one batch at a time. Output order: for
// each stream batch, its joined pairs (in stream order, each row's matches
// in build order), then its rows that need no match (outer rows padded with
// NULLs, semi and anti rows); after the stream side, the build rows that
// need it (build-side outer joins, full outer, build-side semi/anti). Every
// output batch holds at most BatchSize rows.
//
// Memory: the whole build side, concatenated into one batch, with its key
// columns and its index (8 bytes a row of chain links, plus 16 to 32 of slots
// in a table, 32 to 64 in an intTable), reserved from the task's budget. When
// the budget refuses it and the join has a spill directory, both sides are
// partitioned to disk and joined pair by pair (spill.go); without one, the
// refusal fails the task with the budget's message. Per stream batch, its
// keys, hashes (none for an intTable) and candidate index lists.
type hashJoinOp struct {
	left, right native.Operator
	spec        Spec
	mem         memory.Allocator
	metrics     native.Metrics
	res         *native.Reservation
	dir         *spill.Dir // nil: the join does not spill
	level       int        // how many times the rows were partitioned to disk

	build     arrow.RecordBatch // nil until built
	buildKeys []arrow.Array
	table     index
	buildHit  []bool // build rows matched (build-side outer, semi, anti joins)
	buildNull bool   // a build row has a NULL key (null-aware anti join)
	built     bool
	// cached: build, buildKeys and table are a BuildCache entry's, shared
	// read-only with other tasks; released by unref, not by this join.
	cached      *cacheEntry
	buildOpened bool
	touched     uint64 // keeps the index's loads ahead from being dropped
	finished    bool   // the stream side is exhausted
	closed      bool

	// buildKeyCol: the build column that is the one join key of an exact
	// index (in a matched pair its value is the stream key's), or -1.
	buildKeyCol int

	// the stream batch being probed
	stream     arrow.RecordBatch
	streamKeys []arrow.Array
	hashes     []int64
	words      []int64 // the probe words: hashes, or an intTable's keys
	nullKey    []bool
	heads      []uint64
	streamHit  []bool
	cur        cursor
	sIdx, bIdx []int32
	pending    []arrow.RecordBatch // output to return before reading on

	// after the stream side: the build rows to emit, from tailPos
	tail    []int32
	tailPos int

	// spilled: the partitioned files of both sides, joined pair by pair
	spilled                 bool
	spillBuild, spillStream []*spill.File
	pair                    *hashJoinOp
	pairIndex               int
	nullsSpilled            int // rows with a NULL key spilled so far
}

var _ native.Operator = (*hashJoinOp)(nil)

// NewHashJoin joins left and right per spec. planID is the Spark plan id of
// the join it replaces; res (nil: none) accounts for the build side.
func NewHashJoin(left, right native.Operator, spec Spec, mem memory.Allocator, planID int64, res *native.Reservation) (native.Operator, error) {
	if len(spec.LeftKeys) != len(spec.RightKeys) {
		return nil, fmt.Errorf("hash join: %d left keys, %d right keys", len(spec.LeftKeys), len(spec.RightKeys))
	}
	for i := range spec.LeftKeys {
		if spec.LeftKeys[i].DataType() != spec.RightKeys[i].DataType() {
			return nil, fmt.Errorf("hash join: key %d is %s on the left, %s on the right", i,
				spec.LeftKeys[i].DataType(), spec.RightKeys[i].DataType())
		}
	}
	if spec.NullAwareAnti && (spec.Type != LeftAnti || spec.BuildLeft || len(spec.LeftKeys) != 1 || spec.Condition != nil) {
		return nil, fmt.Errorf("hash join: a null-aware anti join is LeftAnti, BuildRight, one key, no condition")
	}
	want := left.Schema().NumFields()
	if spec.Type != LeftSemi && spec.Type != LeftAnti {
		want += right.Schema().NumFields()
	}
	if spec.Schema.NumFields() != want {
		return nil, fmt.Errorf("hash join: output schema of %d columns, the join makes %d", spec.Schema.NumFields(), want)
	}
	return &hashJoinOp{left: left, right: right, spec: spec, mem: mem, res: res,
		metrics: native.Metrics{PlanID: planID, Name: "HashJoin"}}, nil
}

// NewSpillingHashJoin is NewHashJoin with a spill directory: when the budget
// refuses the build side, both sides are partitioned to disk there and
// joined pair by pair.
func NewSpillingHashJoin(left, right native.Operator, spec Spec, mem memory.Allocator, planID int64,
	res *native.Reservation, dir *spill.Dir) (native.Operator, error) {
	op, err := NewHashJoin(left, right, spec, mem, planID, res)
	if err != nil {
		return nil, err
	}
	op.(*hashJoinOp).dir = dir
	return op, nil
}

func (j *hashJoinOp) Open(ctx context.Context) error {
	if j.spec.Cache.Enabled() {
		// The build side is opened only if this task reads it (buildTable):
		// opening a broadcast input asks the client for its bytes.
		return j.streamSide().Open(ctx)
	}
	j.buildOpened = true
	if err := j.left.Open(ctx); err != nil {
		return err
	}
	return j.right.Open(ctx)
}

func (j *hashJoinOp) Schema() *arrow.Schema { return j.spec.Schema }

func (j *hashJoinOp) Metrics() *native.Metrics { return &j.metrics }

func (j *hashJoinOp) Children() []native.Operator { return []native.Operator{j.left, j.right} }

func (j *hashJoinOp) buildSide() native.Operator {
	if j.spec.BuildLeft {
		return j.left
	}
	return j.right
}

func (j *hashJoinOp) streamSide() native.Operator {
	if j.spec.BuildLeft {
		return j.right
	}
	return j.left
}

func (j *hashJoinOp) buildKeyExprs() []expr.Evaluator {
	if j.spec.BuildLeft {
		return j.spec.LeftKeys
	}
	return j.spec.RightKeys
}

func (j *hashJoinOp) streamKeyExprs() []expr.Evaluator {
	if j.spec.BuildLeft {
		return j.spec.RightKeys
	}
	return j.spec.LeftKeys
}

// streamIsLeft: the stream side's columns come first in the output.
func (j *hashJoinOp) streamIsLeft() bool { return !j.spec.BuildLeft }

// streamOuter: stream rows without a match are emitted padded with NULLs.
func (j *hashJoinOp) streamOuter() bool {
	t := j.spec.Type
	return t == FullOuter || (t == LeftOuter && j.streamIsLeft()) || (t == RightOuter && !j.streamIsLeft())
}

// buildOuter: build rows without a match are emitted padded with NULLs.
func (j *hashJoinOp) buildOuter() bool {
	t := j.spec.Type
	return t == FullOuter || (t == LeftOuter && !j.streamIsLeft()) || (t == RightOuter && j.streamIsLeft())
}

// streamTracked: matched stream rows must be remembered (finishStreamBatch
// outputs the unmatched or matched ones).
func (j *hashJoinOp) streamTracked() bool {
	return j.streamOuter() || (j.semiAnti() && j.streamIsLeft())
}

// semiAnti: the output is the left side's rows only.
func (j *hashJoinOp) semiAnti() bool { return j.spec.Type == LeftSemi || j.spec.Type == LeftAnti }

// tracksBuild: matched build rows must be remembered.
func (j *hashJoinOp) tracksBuild() bool { return j.buildOuter() || (j.semiAnti() && j.spec.BuildLeft) }

func (j *hashJoinOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if j.closed {
		return nil, nil
	}
	if !j.built {
		if err := j.buildTable(ctx); err != nil {
			return nil, err
		}
		j.built = true
	}
	if j.spilled {
		out, err := j.nextSpilled(ctx)
		if out != nil {
			j.metrics.Emitted(out)
		}
		return out, err
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(j.pending) > 0 {
			out := j.pending[0]
			j.pending = j.pending[1:]
			j.metrics.Emitted(out)
			return out, nil
		}
		if j.stream != nil {
			if err := j.probe(ctx); err != nil {
				return nil, err
			}
			continue
		}
		if !j.finished {
			if err := j.nextStream(ctx); err != nil {
				return nil, err
			}
			continue
		}
		out, err := j.emitTail()
		if err != nil || out == nil {
			return nil, err
		}
		j.metrics.Emitted(out)
		return out, nil
	}
}

// buildTable reads the build side, concatenates it and indexes its keys;
// with a cache, it shares another task's instead, or builds it for others.
func (j *hashJoinOp) buildTable(ctx context.Context) error {
	mem, builder := j.mem, (*cacheEntry)(nil)
	if c := j.spec.Cache; c.Enabled() {
		shared, e, err := c.acquire(ctx, j.spec.CacheKey)
		if err != nil {
			return fmt.Errorf("hash join: waiting for the build side of %s: %w", j.spec.CacheKey, err)
		}
		if shared != nil {
			return j.useShared(shared, e)
		}
		if e != nil {
			// This task builds it, from the cache's allocator: the entry
			// outlives the task.
			builder, mem = e, c.mem
			defer func() {
				if builder != nil {
					c.abandon(builder)
				}
			}()
		}
	}
	side := j.buildSide()
	if !j.buildOpened {
		j.buildOpened = true
		if err := side.Open(ctx); err != nil {
			return err
		}
	}
	var batches []arrow.RecordBatch
	defer func() {
		for _, b := range batches {
			b.Release()
		}
	}()
	var rows, batchBytes int64
	for {
		b, err := side.Next(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			break
		}
		batches = append(batches, b)
		rows += b.NumRows()
		batchBytes += native.BatchBytes(b)
		if err := j.reserve(native.BatchBytes(b)); err != nil {
			if !j.canSpill() {
				return err
			}
			held := batches
			batches = nil
			j.spilled = true
			return j.startSpill(ctx, held)
		}
	}
	defer j.metrics.Time()()
	build, err := concatBatches(side.Schema(), batches, mem, builder != nil)
	if err != nil {
		return fmt.Errorf("hash join: build side: %w", err)
	}
	j.build = build
	hugeBuffers(build)
	n := int(rows)
	j.buildKeys = make([]arrow.Array, len(j.buildKeyExprs()))
	for i, k := range j.buildKeyExprs() {
		if j.buildKeys[i], err = k.Eval(ctx, mem, build); err != nil {
			return fmt.Errorf("hash join: build key %s: %w", k, err)
		}
	}
	if j.table, err = j.newIndex(n); err != nil {
		return err
	}
	j.buildNull = j.table.rows() < n
	j.buildKeyCol = -1
	if len(j.buildKeys) == 1 && j.table.exact() {
		if c, ok := j.buildKeyExprs()[0].(*expr.Column); ok && c.Ordinal() < int(build.NumCols()) {
			j.buildKeyCol = c.Ordinal()
		}
	}
	if j.tracksBuild() {
		j.buildHit = make([]bool, n)
	}
	// The batches are released once concatenated: trade their reservation
	// for the concatenated batch, the keys and the table.
	index := j.table.bytes()
	for _, k := range j.buildKeys {
		index += native.ArrayBytes(k)
	}
	err = j.reserve(index + int64(n))
	if err == nil && builder != nil {
		// Keep it for the other tasks; their own match flags stay per task.
		side := &builtSide{build: j.build, keys: j.buildKeys, table: j.table, buildNull: j.buildNull,
			keyCol: j.buildKeyCol, bytes: batchBytes + index}
		if j.spec.Cache.publish(builder, side, j.res) {
			j.cached = builder
		}
		builder = nil
	}
	if err == nil || !j.canSpill() {
		return err
	}
	// The rows fit, their index does not: spill the concatenated rows.
	held := []arrow.RecordBatch{j.build}
	j.build = nil
	native.ReleaseAll(j.buildKeys)
	j.buildKeys, j.table, j.buildHit, j.buildNull = nil, nil, nil, false
	j.spilled = true
	return j.startSpill(ctx, held)
}

// useShared makes the join probe a build side another task built: only the
// per-task state (match flags) is this join's.
func (j *hashJoinOp) useShared(side *builtSide, e *cacheEntry) error {
	j.cached = e
	j.build, j.buildKeys, j.table = side.build, side.keys, side.table
	j.buildNull, j.buildKeyCol = side.buildNull, side.keyCol
	if j.tracksBuild() {
		n := int(side.build.NumRows())
		if err := j.reserve(int64(n)); err != nil {
			return err
		}
		j.buildHit = make([]bool, n)
	}
	return nil
}

// newIndex indexes the n build rows by their keys: one int64 key in an
// intTable, other keys by hash in a table.
func (j *hashJoinOp) newIndex(n int) (index, error) {
	if len(j.buildKeys) == 0 {
		return crossIndex{n: n}, nil
	}
	nullKey := make([]bool, n)
	if len(j.buildKeys) == 1 && intKey(j.buildKeys[0].DataType()) {
		nullKeys(j.buildKeys, nullKey)
		t, err := newIntTable(kutil.Values[int64](j.buildKeys[0])[:n:n], nullKey)
		if err != nil {
			return nil, err
		}
		return t, nil
	}
	h := make([]int64, n)
	if err := keyHashes(j.buildKeys, h, nullKey); err != nil {
		return nil, fmt.Errorf("hash join: %w", err)
	}
	t, err := newTable(h, nullKey)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (j *hashJoinOp) reserve(n int64) error {
	if j.res == nil {
		return nil
	}
	if !j.res.TryGrow(n) {
		return fmt.Errorf("hash join: %w", j.res.RefusedError(n))
	}
	j.metrics.PeakMemoryBytes = max(j.metrics.PeakMemoryBytes, j.res.Peak())
	return nil
}

// nextStream reads the next stream batch and prepares its keys.
func (j *hashJoinOp) nextStream(ctx context.Context) error {
	b, err := j.streamSide().Next(ctx)
	if err != nil {
		return err
	}
	if b == nil {
		j.finished = true
		return j.prepareTail()
	}
	if j.skipStream() {
		b.Release()
		return nil
	}
	stop := j.metrics.Time()
	defer stop()
	n := int(b.NumRows())
	j.stream = b
	j.streamKeys = make([]arrow.Array, len(j.streamKeyExprs()))
	for i, k := range j.streamKeyExprs() {
		if j.streamKeys[i], err = k.Eval(ctx, j.mem, b); err != nil {
			j.releaseStream()
			return fmt.Errorf("hash join: stream key %s: %w", k, err)
		}
	}
	j.nullKey = grow(j.nullKey, n)
	if len(j.streamKeys) == 0 {
		// No keys (a nested loop join): no row has a NULL key; the index
		// reads only the batch's length from the words.
		clear(j.nullKey)
		j.hashes = grow(j.hashes, n)
		j.words = j.hashes
	} else if j.table.exact() {
		if k := j.streamKeys[0]; !intKey(k.DataType()) {
			j.releaseStream()
			return fmt.Errorf("hash join: stream key of type %s, build key of type %s", k.DataType(), j.buildKeys[0].DataType())
		}
		nullKeys(j.streamKeys, j.nullKey)
		j.words = kutil.Values[int64](j.streamKeys[0])[:n:n]
	} else {
		j.hashes = grow(j.hashes, n)
		if err := keyHashes(j.streamKeys, j.hashes, j.nullKey); err != nil {
			j.releaseStream()
			return fmt.Errorf("hash join: %w", err)
		}
		j.words = j.hashes
	}
	j.heads = grow(j.heads, n)
	j.touched += j.table.heads(j.words, j.nullKey, j.heads)
	j.streamHit = grow(j.streamHit, n)
	clear(j.streamHit)
	j.cur = cursor{}
	return nil
}

// skipStream: no stream row can produce output (an empty build side joins
// nothing, except for stream-outer and anti joins; a null-aware anti join
// whose build side has a NULL key returns nothing).
func (j *hashJoinOp) skipStream() bool {
	if j.spec.NullAwareAnti && (j.spec.BuildHasNullKey || j.buildNull && j.build.NumRows() > 0) {
		return true
	}
	return j.table.rows() == 0 && !j.streamOuter() && !(j.spec.Type == LeftAnti && j.streamIsLeft()) && !j.tracksBuild()
}

// probe finds the next chunk of the stream batch's matches and queues their
// output; at the batch's end it queues its unmatched or semi/anti rows.
func (j *hashJoinOp) probe(ctx context.Context) error {
	stop := j.metrics.Time()
	defer stop()
	limit := max(j.spec.BatchSize, 1)
	j.sIdx, j.bIdx, j.cur = j.table.candidates(j.words, j.heads, j.cur, limit, j.sIdx[:0], j.bIdx[:0])
	sIdx, bIdx := j.sIdx, j.bIdx
	var err error
	if !j.table.exact() {
		if sIdx, bIdx, err = filterEqualKeys(j.streamKeys, j.buildKeys, sIdx, bIdx); err != nil {
			return err
		}
	}
	if len(sIdx) > 0 {
		pairs, err := j.joined(sIdx, bIdx)
		if err != nil {
			return err
		}
		if j.spec.Condition != nil {
			if pairs, sIdx, bIdx, err = j.applyCondition(ctx, pairs, sIdx, bIdx); err != nil {
				return err
			}
		}
		if j.streamTracked() {
			for _, s := range sIdx {
				j.streamHit[s] = true
			}
		}
		if j.buildHit != nil {
			for _, b := range bIdx {
				j.buildHit[b] = true
			}
		}
		if pairs != nil {
			if j.semiAnti() || pairs.NumRows() == 0 {
				pairs.Release()
			} else {
				j.pending = append(j.pending, pairs)
			}
		}
	}
	if j.cur.row < len(j.words) {
		return nil
	}
	err = j.finishStreamBatch()
	j.releaseStream()
	return err
}

// finishStreamBatch queues the rows of the stream batch that are output on
// their own: unmatched rows of a stream-outer join, matched (semi) or
// unmatched (anti) rows when the stream side is the left.
func (j *hashJoinOp) finishStreamBatch() error {
	n := int(j.stream.NumRows())
	var rows []int32
	switch {
	case j.streamOuter():
		rows = select32(j.streamHit[:n], false)
	case j.semiAnti() && j.streamIsLeft() && j.spec.Type == LeftSemi:
		rows = select32(j.streamHit[:n], true)
	case j.semiAnti() && j.streamIsLeft():
		rows = select32(j.streamHit[:n], false)
		if j.spec.NullAwareAnti && j.build.NumRows() > 0 {
			rows = dropNullKeys(rows, j.nullKey)
		}
	default:
		return nil
	}
	if len(rows) == 0 {
		return nil
	}
	padWithNulls := !j.semiAnti()
	return j.queueSide(j.stream, rows, padWithNulls, j.streamIsLeft())
}

// prepareTail lists the build rows output after the stream side.
func (j *hashJoinOp) prepareTail() error {
	switch {
	case j.buildOuter():
		j.tail = select32(j.buildHit, false)
	case j.semiAnti() && j.spec.BuildLeft && j.spec.Type == LeftSemi:
		j.tail = select32(j.buildHit, true)
	case j.semiAnti() && j.spec.BuildLeft:
		j.tail = select32(j.buildHit, false)
	}
	return nil
}

func (j *hashJoinOp) emitTail() (arrow.RecordBatch, error) {
	if j.tailPos >= len(j.tail) {
		return nil, nil
	}
	defer j.metrics.Time()()
	end := min(j.tailPos+max(j.spec.BatchSize, 1), len(j.tail))
	rows := j.tail[j.tailPos:end]
	j.tailPos = end
	if err := j.queueSide(j.build, rows, !j.semiAnti(), !j.streamIsLeft()); err != nil {
		return nil, err
	}
	out := j.pending[0]
	j.pending = j.pending[1:]
	return out, nil
}

// queueSide queues the rows of one side's batch, alone (semi/anti) or padded
// with NULLs for the other side's columns, in at most BatchSize-row batches.
func (j *hashJoinOp) queueSide(b arrow.RecordBatch, rows []int32, padWithNulls, isLeft bool) error {
	size := max(j.spec.BatchSize, 1)
	for start := 0; start < len(rows); start += size {
		part := rows[start:min(start+size, len(rows))]
		cols, err := takeColumns(j.mem, b, part)
		if err != nil {
			return err
		}
		if padWithNulls {
			other := j.spec.Schema.Fields()[len(cols):]
			if !isLeft {
				other = j.spec.Schema.Fields()[:j.spec.Schema.NumFields()-len(cols)]
			}
			nulls := make([]arrow.Array, len(other))
			for i, f := range other {
				nulls[i] = array.MakeArrayOfNull(j.mem, f.Type, len(part))
			}
			if isLeft {
				cols = append(cols, nulls...)
			} else {
				cols = append(nulls, cols...)
			}
		}
		j.pending = append(j.pending, j.record(cols, len(part)))
	}
	return nil
}

// joined gathers the pairs' rows as left ++ right columns.
func (j *hashJoinOp) joined(sIdx, bIdx []int32) (arrow.RecordBatch, error) {
	if j.semiAnti() && j.spec.Condition == nil {
		return nil, nil // only the matched flags are needed
	}
	sc, err := j.takeStream(sIdx)
	if err != nil {
		return nil, err
	}
	bc, err := j.takeBuild(sIdx, bIdx, sc)
	if err != nil {
		native.ReleaseAll(sc)
		return nil, err
	}
	cols := append(sc, bc...)
	if !j.streamIsLeft() {
		cols = append(bc, sc...)
	}
	return j.recordAs(j.pairSchema(), cols, len(sIdx)), nil
}

// takeStream gathers the pairs' stream rows, or slices them when they are
// one run (sliceOrTake).
func (j *hashJoinOp) takeStream(sIdx []int32) ([]arrow.Array, error) {
	run := isRun(sIdx)
	cols := make([]arrow.Array, j.stream.NumCols())
	for i := range cols {
		a, err := sliceOrTake(j.mem, j.stream.Column(i), sIdx, run)
		if err != nil {
			native.ReleaseAll(cols[:i])
			return nil, fmt.Errorf("hash join: column %d: %w", i, err)
		}
		cols[i] = a
	}
	return cols, nil
}

// takeBuild gathers the pairs' build rows. The build column that is the one
// join key of an exact index holds, in each pair, the stream row's key, so it
// is taken from the stream keys, in stream order, instead of gathered from
// the build side at random: when the stream key is itself a stream column, it
// is that column of streamCols (the pairs' stream rows, already taken).
func (j *hashJoinOp) takeBuild(sIdx, bIdx []int32, streamCols []arrow.Array) ([]arrow.Array, error) {
	c := j.buildKeyCol
	if c < 0 || !arrow.TypeEqual(j.build.Column(c).DataType(), j.streamKeys[0].DataType()) {
		return takeColumns(j.mem, j.build, bIdx)
	}
	streamKeyCol := -1
	if k, ok := j.streamKeyExprs()[0].(*expr.Column); ok && k.Ordinal() < len(streamCols) {
		streamKeyCol = k.Ordinal()
	}
	cols := make([]arrow.Array, j.build.NumCols())
	for i := range cols {
		var a arrow.Array
		var err error
		switch {
		case i == c && streamKeyCol >= 0:
			a = streamCols[streamKeyCol]
			a.Retain()
		case i == c:
			a, err = sliceOrTake(j.mem, j.streamKeys[0], sIdx, isRun(sIdx))
		default:
			a, err = selection.Take(j.mem, j.build.Column(i), bIdx)
		}
		if err != nil {
			native.ReleaseAll(cols[:i])
			return nil, fmt.Errorf("hash join: column %d: %w", i, err)
		}
		cols[i] = a
	}
	return cols, nil
}

// pairSchema is left ++ right (the output schema, or for semi/anti joins the
// schema the condition is evaluated over).
func (j *hashJoinOp) pairSchema() *arrow.Schema {
	if !j.semiAnti() {
		return j.spec.Schema
	}
	fields := append(append([]arrow.Field{}, j.left.Schema().Fields()...), j.right.Schema().Fields()...)
	return arrow.NewSchema(fields, nil)
}

// applyCondition keeps the pairs for which the extra condition is true.
func (j *hashJoinOp) applyCondition(ctx context.Context, pairs arrow.RecordBatch, sIdx, bIdx []int32) (arrow.RecordBatch, []int32, []int32, error) {
	c, err := j.spec.Condition.Eval(ctx, j.mem, pairs)
	if err != nil {
		pairs.Release()
		return nil, nil, nil, fmt.Errorf("hash join: condition %s: %w", j.spec.Condition, err)
	}
	defer c.Release()
	keep := selection.Indices(c, nil)
	if len(keep) == len(sIdx) {
		return pairs, sIdx, bIdx, nil
	}
	for i, k := range keep {
		sIdx[i], bIdx[i] = sIdx[k], bIdx[k]
	}
	sIdx, bIdx = sIdx[:len(keep)], bIdx[:len(keep)]
	cols, err := takeColumns(j.mem, pairs, keep)
	schema := pairs.Schema()
	pairs.Release()
	if err != nil {
		return nil, nil, nil, err
	}
	return j.recordAs(schema, cols, len(keep)), sIdx, bIdx, nil
}

func (j *hashJoinOp) record(cols []arrow.Array, n int) arrow.RecordBatch {
	return j.recordAs(j.spec.Schema, cols, n)
}

func (j *hashJoinOp) recordAs(schema *arrow.Schema, cols []arrow.Array, n int) arrow.RecordBatch {
	rec := array.NewRecordBatch(schema, cols, int64(n))
	native.ReleaseAll(cols)
	return rec
}

func (j *hashJoinOp) releaseStream() {
	if j.stream != nil {
		j.stream.Release()
		j.stream = nil
	}
	native.ReleaseAll(j.streamKeys)
	j.streamKeys, j.words = nil, nil
}

func (j *hashJoinOp) Close() error {
	if j.closed {
		return nil
	}
	j.closed = true
	j.releaseStream()
	for _, p := range j.pending {
		p.Release()
	}
	j.pending = nil
	if j.cached != nil {
		// Shared: the cache frees it after its last user.
		j.spec.Cache.unref(j.cached)
		j.cached, j.build, j.buildKeys = nil, nil, nil
	}
	if j.build != nil {
		j.build.Release()
		j.build = nil
	}
	native.ReleaseAll(j.buildKeys)
	j.buildKeys = nil
	j.table, j.buildHit, j.tail = nil, nil, nil
	serr := j.closeSpill()
	if j.res != nil {
		j.res.Free()
	}
	return errors.Join(serr, j.left.Close(), j.right.Close())
}
