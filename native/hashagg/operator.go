// Package hashagg is Spark's HashAggregateExec as a native operator.
//
// Spark semantics: sql/execution/aggregate/{HashAggregateExec,
// AggregationIterator}.scala and the DeclarativeAggregate functions of
// catalyst/expressions/aggregate (Count, Sum, Average, Min, Max, First, Last,
// CentralMomentAgg). Rows are grouped by the grouping expressions (NULL is a
// group); without grouping expressions there is exactly one group, so even an
// empty input gives one row. Per group the operator computes grouping ++ X,
// X being every function's aggregation buffer (Partial / PartialMerge modes,
// Spark's aggBufferAttributes layout) or result (Final / Complete), then the
// result expressions over that.
//
// Per input batch: the grouping keys are evaluated, the group table maps each
// row to a dense group id (one column-wise pass to encode or widen the keys,
// one probe per row), then every accumulator folds (group id, value) pairs in
// a loop specialised to its type. Output is produced after the input ends,
// BatchSize groups per batch.
//
// Memory: the operator holds, until Close, the group table (each group's key:
// an int64 for one fixed-width key, else the serialized key bytes in an arena;
// an open-addressing table at most half full) and per function one state
// vector per buffer column (strings and binary in an arena). All of it comes
// from the task allocator (vec). With a reservation (NewBudgeted) the state is
// reserved as it grows; a partial aggregate that is refused emits its groups
// as partial rows and starts afresh, a final one (NewSpilling) spills them as
// partial-buffer rows, hash-partitioned, and aggregates the partitions one by
// one at the end (spill.go): then it also holds, between phases, the list of
// spill files (on disk, deleted once read and at Close).
package hashagg

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/selection"
	"github.com/ember-spark/ember/native"
	"github.com/ember-spark/ember/native/expr"
	"github.com/ember-spark/ember/native/spill"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Function is one aggregate function of the operator.
type Function struct {
	// Name is one of count, sum, avg, min, max, first, last, var_samp,
	// var_pop, stddev_samp, stddev_pop.
	Name string
	// Merge: the function reads input buffers (PartialMerge, Final), else its
	// arguments (Partial, Complete).
	Merge bool
	Args  []expr.Evaluator
	// InputBuffer are the ordinals of the input buffer columns (Merge).
	InputBuffer []int
	// Filter is AggregateExpression.filter, or nil.
	Filter             expr.Evaluator
	IgnoreNulls        bool
	ANSI               bool
	NullOnDivideByZero bool
	// InputType is the argument's type (not used for count).
	InputType types.DataType
	// BufferTypes are the types of the function's aggregation buffer
	// (Spark's aggBufferAttributes): the layout a final or complete
	// aggregate spills its groups in.
	BufferTypes []arrow.DataType
}

// Spec describes the aggregate.
type Spec struct {
	Grouping  []expr.Evaluator
	Functions []Function
	// EmitBuffers: the functions emit their buffers, else their results.
	EmitBuffers bool
	// Intermediate is grouping ++ (buffers or results).
	Intermediate *arrow.Schema
	// Result is evaluated over Intermediate; nil when the output is Intermediate.
	Result []expr.Evaluator
	// Schema is the output schema.
	Schema    *arrow.Schema
	BatchSize int
	// PartialSkip, if set, lets a grouped Partial or PartialMerge aggregate
	// with no floating-point sums stop grouping when grouping does not reduce
	// the rows (passthrough.go).
	PartialSkip *PartialSkip
}

type funcState struct {
	Function
	acc   accumulator
	types []arrow.DataType // buffer column types, or the result type
}

type hashAggOp struct {
	child   native.Operator
	spec    Spec
	mem     memory.Allocator
	metrics native.Metrics
	table   groupTable
	funcs   []funcState
	keyType []arrow.DataType
	gids    []uint32
	idx     []int32
	fgids   []uint32
	built   bool
	next    int
	closed  bool

	res      *native.Reservation // nil: nothing is reserved
	reserved int64
	flushing bool              // emitting the groups so far, then starting afresh (partial modes)
	pending  arrow.RecordBatch // an input batch to take after the flush
	sp       *spillState       // nil: the final modes do not spill
	skip     skipState
}

// New builds the operator over child. planID is the Spark plan id of the
// HashAggregateExec.
func New(child native.Operator, spec Spec, mem memory.Allocator, planID int64) (native.Operator, error) {
	if spec.BatchSize <= 0 {
		spec.BatchSize = 8192
	}
	op := &hashAggOp{child: child, spec: spec, mem: mem, metrics: native.Metrics{PlanID: planID, Name: "HashAggregate"}}
	for i := range spec.Grouping {
		op.keyType = append(op.keyType, spec.Intermediate.Field(i).Type)
	}
	if err := op.initState(); err != nil {
		return nil, err
	}
	return op, nil
}

// NewBudgeted is New with the aggregation state reserved from res. In the
// Partial and PartialMerge modes of a grouped aggregate, a refused reservation
// makes the operator emit its groups as partial rows (exact: Spark's final
// aggregate merges them), free its state and go on. In Final and Complete
// modes it grows past a refusal, unreserved (NewSpilling spills instead).
func NewBudgeted(child native.Operator, spec Spec, mem memory.Allocator, planID int64, res *native.Reservation) (native.Operator, error) {
	op, err := New(child, spec, mem, planID)
	if err != nil {
		return nil, err
	}
	op.(*hashAggOp).res = res
	return op, nil
}

// NewSpilling is NewBudgeted that, in Final and Complete modes of a grouped
// aggregate, spills its groups to dir when the budget refuses their growth
// (see spill.go) instead of growing unreserved.
func NewSpilling(child native.Operator, spec Spec, mem memory.Allocator, planID int64, res *native.Reservation, dir *spill.Dir) (native.Operator, error) {
	o, err := NewBudgeted(child, spec, mem, planID, res)
	if err != nil {
		return nil, err
	}
	op := o.(*hashAggOp)
	if dir != nil && !spec.EmitBuffers && len(spec.Grouping) > 0 {
		if op.sp, err = newSpillState(op, dir); err != nil {
			op.free()
			return nil, err
		}
	}
	return op, nil
}

// initState makes an empty group table and accumulators.
func (op *hashAggOp) initState() error {
	spec, mem := op.spec, op.mem
	ng := len(spec.Grouping)
	op.funcs = nil
	switch {
	case ng == 0:
		op.table = globalTable{}
	case ng == 1 && fixedKeyWidth(op.keyType[0]) > 0:
		op.table = newIntTable(mem)
	default:
		op.table = newRowTable(mem)
	}
	col := ng
	for _, f := range spec.Functions {
		acc, nbuf, err := newAccumulator(f, mem, ng == 0)
		if err != nil {
			op.free()
			return err
		}
		fs := funcState{Function: f, acc: acc}
		width := 1
		if spec.EmitBuffers {
			width = nbuf
		}
		for j := 0; j < width; j++ {
			fs.types = append(fs.types, spec.Intermediate.Field(col+j).Type)
		}
		col += width
		op.funcs = append(op.funcs, fs)
	}
	if col != spec.Intermediate.NumFields() {
		op.free()
		return fmt.Errorf("hash aggregate: the intermediate schema has %d columns, the functions make %d", spec.Intermediate.NumFields(), col)
	}
	return nil
}

// newAccumulator returns the state of f and the number of its buffer columns.
func newAccumulator(f Function, mem memory.Allocator, global bool) (accumulator, int, error) {
	in := f.InputType
	switch f.Name {
	case "count":
		return &countAcc{n: newVec[int64](mem)}, 1, nil
	case "sum", "avg":
		avg := f.Name == "avg"
		if in.ID == types.Decimal {
			p := in.Precision + 10
			if p > types.MaxDecimalPrecision {
				p = types.MaxDecimalPrecision
			}
			a := &decSumAcc{lo: newVec[uint64](mem), hi: newVec[int64](mem), carry: newVec[int64](mem),
				null: newVec[uint8](mem), empty: newVec[uint8](mem), cnt: newVec[int64](mem),
				avg: avg, global: global, prec: p, scale: in.Scale, ansi: f.ANSI}
			return a, 2, nil
		}
		if avg {
			switch in.ID {
			case types.Byte:
				return newAvg[int8](mem), 2, nil
			case types.Short:
				return newAvg[int16](mem), 2, nil
			case types.Int:
				return newAvg[int32](mem), 2, nil
			case types.Long:
				return newAvg[int64](mem), 2, nil
			case types.Float:
				return newAvg[float32](mem), 2, nil
			case types.Double:
				return newAvg[float64](mem), 2, nil
			}
			break
		}
		switch in.ID {
		case types.Byte:
			return &sumIntAcc[int8]{sum: newVec[int64](mem), set: newVec[uint8](mem), ansi: f.ANSI}, 1, nil
		case types.Short:
			return &sumIntAcc[int16]{sum: newVec[int64](mem), set: newVec[uint8](mem), ansi: f.ANSI}, 1, nil
		case types.Int:
			return &sumIntAcc[int32]{sum: newVec[int64](mem), set: newVec[uint8](mem), ansi: f.ANSI}, 1, nil
		case types.Long:
			return &sumIntAcc[int64]{sum: newVec[int64](mem), set: newVec[uint8](mem), ansi: f.ANSI}, 1, nil
		case types.Float:
			return &sumFloatAcc[float32]{sum: newVec[float64](mem), set: newVec[uint8](mem)}, 1, nil
		case types.Double:
			return &sumFloatAcc[float64]{sum: newVec[float64](mem), set: newVec[uint8](mem)}, 1, nil
		}
	case "min", "max":
		isMax := f.Name == "max"
		switch in.ID {
		case types.Boolean:
			return &ordMinMax[uint8]{val: newVec[uint8](mem), set: newVec[uint8](mem), isMax: isMax, isBool: true}, 1, nil
		case types.Byte:
			return &ordMinMax[int8]{val: newVec[int8](mem), set: newVec[uint8](mem), isMax: isMax}, 1, nil
		case types.Short:
			return &ordMinMax[int16]{val: newVec[int16](mem), set: newVec[uint8](mem), isMax: isMax}, 1, nil
		case types.Int, types.Date:
			return &ordMinMax[int32]{val: newVec[int32](mem), set: newVec[uint8](mem), isMax: isMax}, 1, nil
		case types.Long, types.Timestamp, types.TimestampNTZ:
			return &ordMinMax[int64]{val: newVec[int64](mem), set: newVec[uint8](mem), isMax: isMax}, 1, nil
		case types.Float:
			return &floatMinMax[float32]{val: newVec[float32](mem), set: newVec[uint8](mem), isMax: isMax}, 1, nil
		case types.Double:
			return &floatMinMax[float64]{val: newVec[float64](mem), set: newVec[uint8](mem), isMax: isMax}, 1, nil
		case types.Decimal:
			return &decMinMax{val: newVec[decimal128.Num](mem), set: newVec[uint8](mem), isMax: isMax}, 1, nil
		case types.String, types.Binary:
			return &bytesMinMax{store: newByteStore(mem), set: newVec[uint8](mem), isMax: isMax}, 1, nil
		}
	case "first", "last":
		st := firstLastState{valueSet: newVec[uint8](mem), notNull: newVec[uint8](mem), last: f.Name == "last", ignore: f.IgnoreNulls}
		switch in.ID {
		case types.Boolean:
			return &fixedFirstLast[uint8]{firstLastState: st, val: newVec[uint8](mem), isBool: true}, 2, nil
		case types.Byte:
			return &fixedFirstLast[int8]{firstLastState: st, val: newVec[int8](mem)}, 2, nil
		case types.Short:
			return &fixedFirstLast[int16]{firstLastState: st, val: newVec[int16](mem)}, 2, nil
		case types.Int, types.Date:
			return &fixedFirstLast[int32]{firstLastState: st, val: newVec[int32](mem)}, 2, nil
		case types.Long, types.Timestamp, types.TimestampNTZ:
			return &fixedFirstLast[int64]{firstLastState: st, val: newVec[int64](mem)}, 2, nil
		case types.Float:
			return &fixedFirstLast[float32]{firstLastState: st, val: newVec[float32](mem)}, 2, nil
		case types.Double:
			return &fixedFirstLast[float64]{firstLastState: st, val: newVec[float64](mem)}, 2, nil
		case types.Decimal:
			return &fixedFirstLast[decimal128.Num]{firstLastState: st, val: newVec[decimal128.Num](mem)}, 2, nil
		case types.String, types.Binary:
			return &bytesFirstLast{firstLastState: st, store: newByteStore(mem)}, 2, nil
		}
	case "var_samp", "var_pop", "stddev_samp", "stddev_pop":
		if in.ID == types.Double {
			return &momentAcc{n: newVec[float64](mem), avg: newVec[float64](mem), m2: newVec[float64](mem),
				sample: f.Name == "var_samp" || f.Name == "stddev_samp", sqrt: f.Name[0] == 's',
				nullOnDivideByZero: f.NullOnDivideByZero}, 3, nil
		}
	default:
		return nil, 0, fmt.Errorf("aggregate function %q is not supported", f.Name)
	}
	return nil, 0, fmt.Errorf("%s of %s is not supported", f.Name, in)
}

func newAvg[T integer | floating](mem memory.Allocator) accumulator {
	return &avgFloatAcc[T]{sum: newVec[float64](mem), cnt: newVec[int64](mem)}
}

func (op *hashAggOp) Open(ctx context.Context) error { return op.child.Open(ctx) }

func (op *hashAggOp) Schema() *arrow.Schema { return op.spec.Schema }

func (op *hashAggOp) Metrics() *native.Metrics { return &op.metrics }

func (op *hashAggOp) Children() []native.Operator { return []native.Operator{op.child} }

// MemoryBytes is the memory the aggregation state holds now.
func (op *hashAggOp) MemoryBytes() int64 {
	n := op.table.bytes()
	for _, f := range op.funcs {
		n += f.acc.bytes()
	}
	return n
}

func (op *hashAggOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for {
		if op.built || op.flushing {
			if op.next < op.table.groups() {
				out, err := op.emit(ctx)
				if err != nil {
					return nil, err
				}
				op.metrics.Emitted(out)
				return out, nil
			}
			if op.built {
				if op.sp == nil || len(op.sp.work) == 0 {
					return nil, nil
				}
				// A spilled partition's results are out: aggregate the next.
				if err := op.nextPhase(); err != nil {
					return nil, err
				}
				continue
			}
			// Flushed: start afresh.
			op.skip.flushedGroups += int64(op.table.groups())
			if err := op.resetState(); err != nil {
				return nil, err
			}
			op.flushing = false
		}
		var in arrow.RecordBatch
		var err error
		switch {
		case op.pending != nil:
			in, op.pending = op.pending, nil
		case op.sp != nil && op.sp.src != nil:
			in, err = op.sp.src.next(op)
		default:
			in, err = op.child.Next(ctx)
		}
		if err != nil {
			return nil, err
		}
		if in == nil {
			if err := op.endPhase(); err != nil {
				return nil, err
			}
			continue
		}
		if op.skip.passing {
			if in.NumRows() == 0 {
				in.Release()
				continue
			}
			out, err := op.passThrough(ctx, in)
			in.Release()
			if err != nil {
				return nil, err
			}
			op.metrics.Emitted(out)
			return out, nil
		}
		if !op.reserveAhead() {
			// The batch could double the state and the budget refuses that:
			// emit or spill the groups first, then take the batch.
			switch {
			case op.spec.EmitBuffers:
				op.pending = in
				op.flushing = true
				op.sizeAccumulators()
				continue
			case op.sp != nil:
				if err := op.spillGroups(); err != nil {
					in.Release()
					return nil, err
				}
			}
		}
		if op.sp != nil && op.sp.src != nil {
			err = op.consumeBuffers(in)
		} else {
			err = op.consume(ctx, in)
		}
		n := int(in.NumRows())
		in.Release()
		if err != nil {
			return nil, err
		}
		if op.decideSkip(n) {
			// Grouping does not reduce the rows: emit the groups so far,
			// then pass every row through.
			op.flushing = true
			op.sizeAccumulators()
			continue
		}
		if op.reserve() {
			continue
		}
		grouped := len(op.spec.Grouping) > 0 && op.table.groups() > 0
		switch {
		case grouped && op.spec.EmitBuffers:
			op.flushing = true
			op.sizeAccumulators()
		case grouped && op.sp != nil:
			if op.reserved == 0 {
				// Not even one batch's groups fit: spilling cannot help.
				return nil, fmt.Errorf("hash aggregate: %w", op.res.RefusedError(op.MemoryBytes()))
			}
			if err := op.spillGroups(); err != nil {
				return nil, err
			}
		}
	}
}

func (op *hashAggOp) sizeAccumulators() {
	for _, f := range op.funcs {
		f.acc.resize(op.table.groups())
	}
}

// aheadGroups: from this many groups on, the operator reserves, before each
// batch, room for its state to double (its table and accumulator vectors
// grow by doubling, and the old buffers stay allocated until the Go
// collector frees them), so that growth never takes the process past the
// budget; below it the state is small and is reserved after each batch.
const aheadGroups = 4096

// reserveAhead reserves twice the state before a batch of a grouped
// aggregate; false when the budget refuses it.
func (op *hashAggOp) reserveAhead() bool {
	if op.res == nil || len(op.spec.Grouping) == 0 || op.table.groups() < aheadGroups {
		return true
	}
	want := 2 * op.MemoryBytes()
	if want <= op.reserved {
		return true
	}
	if op.res.TryGrow(want - op.reserved) {
		op.reserved = want
		return true
	}
	return false
}

// reserve reserves the state's growth; false when the budget refuses it.
// Without a reservation everything is granted.
func (op *hashAggOp) reserve() bool {
	if op.res == nil {
		return true
	}
	want := op.MemoryBytes()
	op.metrics.PeakMemoryBytes = max(op.metrics.PeakMemoryBytes, want)
	if want <= op.reserved {
		return true
	}
	if op.res.TryGrow(want - op.reserved) {
		op.reserved = want
		return true
	}
	return false
}

func releaseAll(arrs []arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}

func (op *hashAggOp) consume(ctx context.Context, in arrow.RecordBatch) error {
	defer op.metrics.Time()()
	n := int(in.NumRows())
	if n == 0 {
		return nil
	}
	keys := make([]arrow.Array, len(op.spec.Grouping))
	defer releaseAll(keys)
	for i, g := range op.spec.Grouping {
		k, err := g.Eval(ctx, op.mem, in)
		if err != nil {
			return fmt.Errorf("hash aggregate: grouping %s: %w", g, err)
		}
		keys[i] = k
	}
	gids, groups := op.groupIDs(keys, n)
	for i := range op.funcs {
		f := &op.funcs[i]
		f.acc.resize(groups)
		if f.Merge {
			bufs := make([]arrow.Array, len(f.InputBuffer))
			for j, o := range f.InputBuffer {
				bufs[j] = in.Column(o)
			}
			if err := f.acc.merge(gids, bufs); err != nil {
				return err
			}
			continue
		}
		if err := op.update(ctx, f, in, gids); err != nil {
			return err
		}
	}
	return nil
}

func (op *hashAggOp) update(ctx context.Context, f *funcState, in arrow.RecordBatch, gids []uint32) error {
	args := make([]arrow.Array, len(f.Args))
	defer releaseAll(args)
	for j, a := range f.Args {
		x, err := a.Eval(ctx, op.mem, in)
		if err != nil {
			return fmt.Errorf("hash aggregate: %s argument %s: %w", f.Name, a, err)
		}
		args[j] = x
	}
	if f.Filter == nil {
		return f.acc.update(gids, args)
	}
	mask, err := f.Filter.Eval(ctx, op.mem, in)
	if err != nil {
		return fmt.Errorf("hash aggregate: %s filter %s: %w", f.Name, f.Filter, err)
	}
	op.idx = selection.Indices(mask, op.idx)
	mask.Release()
	if len(op.idx) == 0 {
		return nil
	}
	if len(op.idx) == len(gids) {
		return f.acc.update(gids, args)
	}
	taken := make([]arrow.Array, len(args))
	defer releaseAll(taken)
	for j, a := range args {
		t, err := selection.Take(op.mem, a, op.idx)
		if err != nil {
			return err
		}
		taken[j] = t
	}
	if cap(op.fgids) < len(op.idx) {
		op.fgids = make([]uint32, len(op.idx))
	}
	fg := op.fgids[:len(op.idx)]
	for i, r := range op.idx {
		fg[i] = gids[r]
	}
	return f.acc.update(fg, taken)
}

func (op *hashAggOp) emit(ctx context.Context) (arrow.RecordBatch, error) {
	defer op.metrics.Time()()
	from := op.next
	to := from + op.spec.BatchSize
	if g := op.table.groups(); to > g {
		to = g
	}
	op.next = to
	cols := op.table.emitKeys(op.mem, op.keyType, from, to)
	for _, f := range op.funcs {
		if op.spec.EmitBuffers {
			bufs, err := f.acc.emitBuffer(op.mem, f.types, from, to)
			if err != nil {
				releaseAll(cols)
				return nil, err
			}
			cols = append(cols, bufs...)
		} else {
			r, err := f.acc.emitResult(op.mem, f.types[0], from, to)
			if err != nil {
				releaseAll(cols)
				return nil, err
			}
			cols = append(cols, r)
		}
	}
	return op.output(ctx, cols, to-from)
}

// output makes the output batch of n groups from their intermediate columns
// (grouping ++ buffers or results), which it takes over.
func (op *hashAggOp) output(ctx context.Context, cols []arrow.Array, n int) (arrow.RecordBatch, error) {
	if op.spec.Result == nil {
		rec := array.NewRecordBatch(op.spec.Schema, cols, int64(n))
		releaseAll(cols)
		return rec, nil
	}
	inter := array.NewRecordBatch(op.spec.Intermediate, cols, int64(n))
	releaseAll(cols)
	defer inter.Release()
	out := make([]arrow.Array, len(op.spec.Result))
	for i, e := range op.spec.Result {
		c, err := e.Eval(ctx, op.mem, inter)
		if err != nil {
			releaseAll(out)
			return nil, fmt.Errorf("hash aggregate: result %s: %w", e, err)
		}
		out[i] = relabel(c, op.spec.Schema.Field(i).Type)
	}
	rec := array.NewRecordBatch(op.spec.Schema, out, int64(n))
	releaseAll(out)
	return rec, nil
}

func (op *hashAggOp) free() {
	op.table.free()
	for _, f := range op.funcs {
		f.acc.free()
	}
}

func (op *hashAggOp) Close() error {
	if op.closed {
		return nil
	}
	op.closed = true
	if op.pending != nil {
		op.pending.Release()
		op.pending = nil
	}
	if op.sp != nil {
		op.sp.dropSpills()
	}
	op.free()
	if op.res != nil {
		op.res.Free()
	}
	return op.child.Close()
}

// groupIDs finds (or adds) the group of each of the n rows of keys; it
// returns their ids, in a slice reused across batches, and the group count.
func (op *hashAggOp) groupIDs(keys []arrow.Array, n int) ([]uint32, int) {
	if cap(op.gids) < n {
		op.gids = make([]uint32, n)
	}
	gids := op.gids[:n]
	op.table.find(keys, gids)
	return gids, op.table.groups()
}
