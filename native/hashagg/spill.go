package hashagg

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native/spill"
)

// Spilling (Final and Complete modes of a grouped aggregate).
//
// When the budget refuses the state's growth, every group goes to disk as a
// partial-buffer row (keys ++ each function's aggregation buffer, Spark's
// aggBufferAttributes layout), hash-partitioned by key into spillFanout
// files, and the operator starts afresh. At the end of the input the groups
// still in memory are spilled as well, then each partition is aggregated on
// its own: its pieces are read back in the order they were written and merged
// (mergeExpressions) into an empty state, and its results emitted. A
// partition that is refused again spills in turn, partitioned by the next
// bits of the key hash (a different mix per level), and so on up to
// maxSpillLevel levels.
//
// This is what Spark's own TungstenAggregationIterator does when its hash map
// cannot grow (it spills sorted buffers and merges them by key): a group's
// result is the merge of buffers each aggregated over a run of its rows. For
// first/last the pieces are merged in input order; sums of doubles add the
// same values grouped differently (as Spark's spilled aggregation does), and
// a decimal sum that overflows only transiently may differ as it does in
// Spark between a spilling and a non-spilling run.
const (
	spillBits     = 4
	spillFanout   = 1 << spillBits
	maxSpillLevel = 8
	// spillChunk groups are emitted and partitioned at a time.
	spillChunk = 1 << 15
	// spillWriteBuffer is the write buffer of each of the spillFanout files
	// open during a spill.
	spillWriteBuffer = 64 << 10
)

type spillState struct {
	dir    *spill.Dir
	schema *arrow.Schema // keys ++ every function's buffer columns
	bufCol []int         // first buffer column of each function in schema
	bufN   []int
	types  [][]arrow.DataType // each function's buffer types

	level int             // the current phase's partitioning level
	parts [][]*spill.File // the current phase's spilled pieces per partition; nil: none
	work  []workItem      // partitions still to aggregate
	src   *pieceReader    // the current phase reads spilled pieces; nil: the child
	hash  []uint64
	part  []uint8
	idx   [spillFanout][]int32
}

// workItem is one spilled partition: its pieces in the order written, to be
// aggregated at level (its own spills partition by that level's bits).
type workItem struct {
	level int
	files []*spill.File
}

// pieceReader reads the batches of a partition's pieces in order, deleting
// each file once read.
type pieceReader struct {
	files []*spill.File
	rdr   *spill.Reader
}

func (r *pieceReader) next(op *hashAggOp) (arrow.RecordBatch, error) {
	for {
		if r.rdr == nil {
			if len(r.files) == 0 {
				return nil, nil
			}
			rdr, err := r.files[0].Open(op.mem)
			if err != nil {
				return nil, err
			}
			r.rdr = rdr
		}
		start := time.Now()
		b, err := r.rdr.Next()
		op.metrics.SpillNanos += time.Since(start).Nanoseconds()
		if err != nil {
			return nil, err
		}
		if b != nil {
			if b.NumRows() == 0 {
				b.Release()
				continue
			}
			return b, nil
		}
		r.close()
	}
}

// close closes the current file and deletes it.
func (r *pieceReader) close() {
	if r.rdr != nil {
		r.rdr.Close()
		r.rdr = nil
		r.files[0].Delete()
		r.files = r.files[1:]
	}
}

// discard deletes every file not read yet.
func (r *pieceReader) discard() {
	r.close()
	for _, f := range r.files {
		f.Delete()
	}
	r.files = nil
}

// newSpillState lays out the spill files' rows for op's functions.
func newSpillState(op *hashAggOp, dir *spill.Dir) (*spillState, error) {
	sp := &spillState{dir: dir}
	ng := len(op.spec.Grouping)
	fields := make([]arrow.Field, 0, op.spec.Intermediate.NumFields())
	for i := 0; i < ng; i++ {
		f := op.spec.Intermediate.Field(i)
		fields = append(fields, arrow.Field{Name: fmt.Sprintf("k%d", i), Type: f.Type, Nullable: true})
	}
	child := op.child.Schema()
	for fi, f := range op.spec.Functions {
		var ts []arrow.DataType
		if f.Merge {
			for _, o := range f.InputBuffer {
				ts = append(ts, child.Field(o).Type)
			}
		} else {
			if len(f.BufferTypes) == 0 {
				return nil, fmt.Errorf("hash aggregate: %s has no buffer layout to spill in", f.Name)
			}
			ts = append(ts, f.BufferTypes...)
		}
		sp.bufCol = append(sp.bufCol, len(fields))
		sp.bufN = append(sp.bufN, len(ts))
		sp.types = append(sp.types, ts)
		for j, t := range ts {
			fields = append(fields, arrow.Field{Name: fmt.Sprintf("f%d_%d", fi, j), Type: t, Nullable: true})
		}
	}
	sp.schema = arrow.NewSchema(fields, nil)
	return sp, nil
}

// partitionOf mixes a key hash for a level (murmur3's fmix64 of the hash
// salted by the level) and takes its top spillBits bits: independent of the
// bits the group tables index by, and of the other levels' partitions.
func partitionOf(h uint64, level int) uint8 {
	h += uint64(level+1) * 0x9E3779B97F4A7C15
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return uint8(h >> (64 - spillBits))
}

// spillGroups writes every group in memory to the current phase's partition
// files (one new file per non-empty partition), then frees the state and
// its reservation.
func (op *hashAggOp) spillGroups() (err error) {
	sp := op.sp
	start := time.Now()
	defer func() { op.metrics.SpillNanos += time.Since(start).Nanoseconds() }()
	op.sizeAccumulators()
	var ws [spillFanout]*spill.Writer
	defer func() {
		for _, w := range ws {
			if w != nil {
				w.Abort()
			}
		}
	}()
	groups := op.table.groups()
	for from := 0; from < groups; from += spillChunk {
		to := min(from+spillChunk, groups)
		n := to - from
		if cap(sp.hash) < n {
			sp.hash, sp.part = make([]uint64, n), make([]uint8, n)
		}
		hs, ps := sp.hash[:n], sp.part[:n]
		op.table.keyHashes(from, to, hs)
		for p := range sp.idx {
			sp.idx[p] = sp.idx[p][:0]
		}
		for i, h := range hs {
			ps[i] = partitionOf(h, sp.level)
			sp.idx[ps[i]] = append(sp.idx[ps[i]], int32(i))
		}
		cols := op.table.emitKeys(op.mem, op.keyType, from, to)
		for i, f := range op.funcs {
			bufs, err := f.acc.emitBuffer(op.mem, sp.types[i], from, to)
			if err != nil {
				releaseAll(cols)
				return err
			}
			cols = append(cols, bufs...)
		}
		err := op.writeParts(&ws, cols, n)
		releaseAll(cols)
		if err != nil {
			return err
		}
	}
	if sp.parts == nil {
		sp.parts = make([][]*spill.File, spillFanout)
	}
	for p, w := range ws {
		if w == nil {
			continue
		}
		ws[p] = nil
		f, err := w.Finish()
		if err != nil {
			return err
		}
		sp.parts[p] = append(sp.parts[p], f)
		op.metrics.SpillFiles++
		op.metrics.SpillBytes += f.Bytes
	}
	return op.resetState()
}

// writeParts writes the rows of cols (n rows) to their partitions' writers.
func (op *hashAggOp) writeParts(ws *[spillFanout]*spill.Writer, cols []arrow.Array, n int) error {
	sp := op.sp
	for p := range sp.idx {
		idx := sp.idx[p]
		if len(idx) == 0 {
			continue
		}
		if ws[p] == nil {
			w, err := sp.dir.CreateSized(sp.schema, op.mem, spillWriteBuffer)
			if err != nil {
				return err
			}
			ws[p] = w
		}
		var rec arrow.RecordBatch
		if len(idx) == n {
			rec = array.NewRecordBatch(sp.schema, cols, int64(n))
		} else {
			taken := make([]arrow.Array, len(cols))
			for c, a := range cols {
				t, err := selection.Take(op.mem, a, idx)
				if err != nil {
					releaseAll(taken)
					return err
				}
				taken[c] = t
			}
			rec = array.NewRecordBatch(sp.schema, taken, int64(len(idx)))
			releaseAll(taken)
		}
		err := ws[p].Write(rec)
		rec.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// resetState frees the groups and their reservation and makes an empty state.
func (op *hashAggOp) resetState() error {
	op.free()
	if err := op.initState(); err != nil {
		return err
	}
	if op.res != nil {
		op.res.Free()
	}
	op.reserved, op.next = 0, 0
	return nil
}

// endPhase is called when the current phase's input ends. If the phase
// spilled, the rest of its groups are spilled too and its partitions queued;
// otherwise the groups in memory are the results to emit (built).
func (op *hashAggOp) endPhase() error {
	sp := op.sp
	if sp == nil || sp.parts == nil {
		op.built = true
		op.sizeAccumulators()
		return nil
	}
	if op.table.groups() > 0 {
		if err := op.spillGroups(); err != nil {
			return err
		}
	}
	// Queue the partitions, the first on top.
	for p := spillFanout - 1; p >= 0; p-- {
		if len(sp.parts[p]) > 0 {
			sp.work = append(sp.work, workItem{level: sp.level + 1, files: sp.parts[p]})
		}
	}
	sp.parts = nil
	return op.nextPhase()
}

// nextPhase starts aggregating the next spilled partition; built with no
// groups when there is none left.
func (op *hashAggOp) nextPhase() error {
	sp := op.sp
	if sp.src != nil {
		sp.src.discard()
		sp.src = nil
	}
	if err := op.resetState(); err != nil {
		return err
	}
	if len(sp.work) == 0 {
		op.built = true
		return nil
	}
	w := sp.work[len(sp.work)-1]
	sp.work = sp.work[:len(sp.work)-1]
	if w.level > maxSpillLevel {
		for _, f := range w.files {
			f.Delete()
		}
		return fmt.Errorf("hash aggregate: a partition still does not fit after %d levels of spilling (a group's state alone is larger than the budget): %w",
			maxSpillLevel, op.res.RefusedError(op.MemoryBytes()))
	}
	sp.level = w.level
	sp.src = &pieceReader{files: w.files}
	op.built = false
	return nil
}

// consumeBuffers merges spilled partial-buffer rows into the state.
func (op *hashAggOp) consumeBuffers(in arrow.RecordBatch) error {
	defer op.metrics.Time()()
	sp := op.sp
	n := int(in.NumRows())
	ng := len(op.spec.Grouping)
	keys := in.Columns()[:ng]
	gids, groups := op.groupIDs(keys, n)
	for i := range op.funcs {
		f := &op.funcs[i]
		f.acc.resize(groups)
		if err := f.acc.merge(gids, in.Columns()[sp.bufCol[i]:sp.bufCol[i]+sp.bufN[i]]); err != nil {
			return err
		}
	}
	return nil
}

// dropSpills deletes every spill file the operator still has.
func (sp *spillState) dropSpills() {
	if sp.src != nil {
		sp.src.discard()
		sp.src = nil
	}
	for _, fs := range sp.parts {
		for _, f := range fs {
			f.Delete()
		}
	}
	sp.parts = nil
	for _, w := range sp.work {
		for _, f := range w.files {
			f.Delete()
		}
	}
	sp.work = nil
}
