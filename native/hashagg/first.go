package hashagg

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// First and Last (First.scala, Last.scala): buffer (value, valueSet).
//   first, ignoreNulls: the first non-NULL value; else the first row's value.
//   last, ignoreNulls: the last non-NULL value; else the last row's value.
//   merge first: the left buffer's value when it is set, else the right's;
//   merge last: the right's when it is set, else the left's.

type firstLastState struct {
	valueSet vec[uint8]
	notNull  vec[uint8]
	last     bool
	ignore   bool
}

// take reports whether a row (valid or not) replaces the group's value.
func (s *firstLastState) take(g uint32, valid bool) bool {
	if s.last {
		return valid || !s.ignore
	}
	return s.valueSet.data[g] == 0 && (valid || !s.ignore)
}

// takeBuffer reports whether an input buffer (its valueSet) replaces the value.
func (s *firstLastState) takeBuffer(g uint32, inSet bool) bool {
	if s.last {
		return inSet
	}
	return s.valueSet.data[g] == 0
}

type fixedFirstLast[T arrow.FixedWidthType] struct {
	firstLastState
	val     vec[T]
	isBool  bool
	scratch []uint8
	setIn   []uint8
}

func (a *fixedFirstLast[T]) resize(n int) { a.val.resize(n); a.valueSet.resize(n); a.notNull.resize(n) }

func (a *fixedFirstLast[T]) input(arr arrow.Array) []T {
	if a.isBool {
		a.scratch = boolBytes(arr, a.scratch)
		return any(a.scratch).([]T)
	}
	return kutil.Values[T](arr)
}

func (a *fixedFirstLast[T]) update(gids []uint32, args []arrow.Array) error {
	x := a.input(args[0])
	bm, off := kutil.Validity(args[0])
	st, set, nn := a.val.data, a.valueSet.data, a.notNull.data
	for i, g := range gids {
		valid := isValid(bm, off, i)
		if a.take(g, valid) {
			if valid {
				st[g], nn[g] = x[i], 1
			} else {
				nn[g] = 0
			}
			set[g] = 1
		}
	}
	return nil
}

func (a *fixedFirstLast[T]) merge(gids []uint32, bufs []arrow.Array) error {
	x := a.input(bufs[0])
	bm, off := kutil.Validity(bufs[0])
	a.setIn = boolBytes(bufs[1], a.setIn)
	st, set, nn := a.val.data, a.valueSet.data, a.notNull.data
	for i, g := range gids {
		in := a.setIn[i] != 0
		if a.takeBuffer(g, in) {
			if isValid(bm, off, i) {
				st[g], nn[g] = x[i], 1
			} else {
				nn[g] = 0
			}
		}
		set[g] |= a.setIn[i]
	}
	return nil
}

func (a *fixedFirstLast[T]) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	if a.isBool {
		return boolArray(mem, any(a.val.data[from:to]).([]uint8), a.notNull.data[from:to]), nil
	}
	return fixedArray(mem, dt, a.val.data[from:to], a.notNull.data[from:to]), nil
}

func (a *fixedFirstLast[T]) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	r, _ := a.emitResult(mem, types[0], from, to)
	return []arrow.Array{r, boolArray(mem, a.valueSet.data[from:to], nil)}, nil
}

func (a *fixedFirstLast[T]) bytes() int64 {
	return a.val.bytes() + a.valueSet.bytes() + a.notNull.bytes()
}
func (a *fixedFirstLast[T]) free() { a.val.free(); a.valueSet.free(); a.notNull.free() }

type bytesFirstLast struct {
	firstLastState
	store   byteStore
	scratch [][]byte
	setIn   []uint8
}

func (a *bytesFirstLast) resize(n int) { a.store.resize(n); a.valueSet.resize(n); a.notNull.resize(n) }

func (a *bytesFirstLast) update(gids []uint32, args []arrow.Array) error {
	a.scratch = byteRows(args[0], a.scratch)
	bm, off := kutil.Validity(args[0])
	set, nn := a.valueSet.data, a.notNull.data
	for i, g := range gids {
		valid := isValid(bm, off, i)
		if a.take(g, valid) {
			if valid {
				a.store.put(g, a.scratch[i])
				nn[g] = 1
			} else {
				nn[g] = 0
			}
			set[g] = 1
		}
	}
	return nil
}

func (a *bytesFirstLast) merge(gids []uint32, bufs []arrow.Array) error {
	a.scratch = byteRows(bufs[0], a.scratch)
	bm, off := kutil.Validity(bufs[0])
	a.setIn = boolBytes(bufs[1], a.setIn)
	set, nn := a.valueSet.data, a.notNull.data
	for i, g := range gids {
		if a.takeBuffer(g, a.setIn[i] != 0) {
			if isValid(bm, off, i) {
				a.store.put(g, a.scratch[i])
				nn[g] = 1
			} else {
				nn[g] = 0
			}
		}
		set[g] |= a.setIn[i]
	}
	return nil
}

func (a *bytesFirstLast) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	nn := a.notNull.data[from:to]
	return bytesArray(mem, dt, a.store.rows(from, to, nn), nn), nil
}

func (a *bytesFirstLast) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	r, _ := a.emitResult(mem, types[0], from, to)
	return []arrow.Array{r, boolArray(mem, a.valueSet.data[from:to], nil)}, nil
}

func (a *bytesFirstLast) bytes() int64 {
	return a.store.bytes() + a.valueSet.bytes() + a.notNull.bytes()
}
func (a *bytesFirstLast) free() { a.store.free(); a.valueSet.free(); a.notNull.free() }
