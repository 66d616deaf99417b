package hashagg

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// Min and Max (Min.scala, Max.scala) keep least(buffer, value) and
// greatest(buffer, value): NULLs are skipped and on a tie the buffer stays,
// so the first of equal values (-0.0 and 0.0, NaNs with different bits) wins.
// Doubles and floats order as SQLOrderingUtil.compareDoubles: NaN above every
// number, -0.0 equal to 0.0. Strings and binary compare as unsigned bytes.

// ordMinMax covers the integral, date and timestamp types, and booleans as
// one byte (false < true).
type ordMinMax[T integer | ~uint8] struct {
	val     vec[T]
	set     vec[uint8]
	isMax   bool
	isBool  bool
	scratch []uint8
}

func (a *ordMinMax[T]) resize(n int) { a.val.resize(n); a.set.resize(n) }

func (a *ordMinMax[T]) input(arr arrow.Array) []T {
	if a.isBool {
		a.scratch = boolBytes(arr, a.scratch)
		return any(a.scratch).([]T)
	}
	return kutil.Values[T](arr)
}

func (a *ordMinMax[T]) fold(gids []uint32, arr arrow.Array) {
	x := a.input(arr)
	bm, off := kutil.Validity(arr)
	st, set := a.val.data, a.set.data
	if a.isMax {
		for i, g := range gids {
			if isValid(bm, off, i) && (set[g] == 0 || x[i] > st[g]) {
				st[g], set[g] = x[i], 1
			}
		}
		return
	}
	for i, g := range gids {
		if isValid(bm, off, i) && (set[g] == 0 || x[i] < st[g]) {
			st[g], set[g] = x[i], 1
		}
	}
}

func (a *ordMinMax[T]) update(gids []uint32, args []arrow.Array) error {
	a.fold(gids, args[0])
	return nil
}
func (a *ordMinMax[T]) merge(gids []uint32, bufs []arrow.Array) error {
	a.fold(gids, bufs[0])
	return nil
}

func (a *ordMinMax[T]) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	if a.isBool {
		return boolArray(mem, any(a.val.data[from:to]).([]uint8), a.set.data[from:to]), nil
	}
	return fixedArray(mem, dt, a.val.data[from:to], a.set.data[from:to]), nil
}

func (a *ordMinMax[T]) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	r, err := a.emitResult(mem, types[0], from, to)
	return []arrow.Array{r}, err
}

func (a *ordMinMax[T]) bytes() int64 { return a.val.bytes() + a.set.bytes() }
func (a *ordMinMax[T]) free()        { a.val.free(); a.set.free() }

// floatMinMax covers float and double.
type floatMinMax[T floating] struct {
	val   vec[T]
	set   vec[uint8]
	isMax bool
}

func (a *floatMinMax[T]) resize(n int) { a.val.resize(n); a.set.resize(n) }

func (a *floatMinMax[T]) fold(gids []uint32, arr arrow.Array) {
	x := kutil.Values[T](arr)
	bm, off := kutil.Validity(arr)
	st, set := a.val.data, a.set.data
	if a.isMax {
		for i, g := range gids {
			if !isValid(bm, off, i) {
				continue
			}
			v, b := x[i], st[g]
			// compareDoubles(v, b) > 0
			if set[g] == 0 || v > b || (v != v && b == b) {
				st[g], set[g] = v, 1
			}
		}
		return
	}
	for i, g := range gids {
		if !isValid(bm, off, i) {
			continue
		}
		v, b := x[i], st[g]
		// compareDoubles(b, v) > 0
		if set[g] == 0 || v < b || (b != b && v == v) {
			st[g], set[g] = v, 1
		}
	}
}

func (a *floatMinMax[T]) update(gids []uint32, args []arrow.Array) error {
	a.fold(gids, args[0])
	return nil
}
func (a *floatMinMax[T]) merge(gids []uint32, bufs []arrow.Array) error {
	a.fold(gids, bufs[0])
	return nil
}

func (a *floatMinMax[T]) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	return fixedArray(mem, dt, a.val.data[from:to], a.set.data[from:to]), nil
}

func (a *floatMinMax[T]) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	r, err := a.emitResult(mem, types[0], from, to)
	return []arrow.Array{r}, err
}

func (a *floatMinMax[T]) bytes() int64 { return a.val.bytes() + a.set.bytes() }
func (a *floatMinMax[T]) free()        { a.val.free(); a.set.free() }

// decMinMax covers decimals (one scale per type, so unscaled values compare).
type decMinMax struct {
	val   vec[decimal128.Num]
	set   vec[uint8]
	isMax bool
}

func (a *decMinMax) resize(n int) { a.val.resize(n); a.set.resize(n) }

func decGreater(x, y decimal128.Num) bool {
	return x.HighBits() > y.HighBits() || (x.HighBits() == y.HighBits() && x.LowBits() > y.LowBits())
}

func (a *decMinMax) fold(gids []uint32, arr arrow.Array) {
	x := kutil.Values[decimal128.Num](arr)
	bm, off := kutil.Validity(arr)
	st, set := a.val.data, a.set.data
	for i, g := range gids {
		if !isValid(bm, off, i) {
			continue
		}
		if set[g] == 0 || (a.isMax && decGreater(x[i], st[g])) || (!a.isMax && decGreater(st[g], x[i])) {
			st[g], set[g] = x[i], 1
		}
	}
}

func (a *decMinMax) update(gids []uint32, args []arrow.Array) error {
	a.fold(gids, args[0])
	return nil
}
func (a *decMinMax) merge(gids []uint32, bufs []arrow.Array) error { a.fold(gids, bufs[0]); return nil }

func (a *decMinMax) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	return fixedArray(mem, dt, a.val.data[from:to], a.set.data[from:to]), nil
}

func (a *decMinMax) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	r, err := a.emitResult(mem, types[0], from, to)
	return []arrow.Array{r}, err
}

func (a *decMinMax) bytes() int64 { return a.val.bytes() + a.set.bytes() }
func (a *decMinMax) free()        { a.val.free(); a.set.free() }

// byteStore keeps one variable-length value per group in an arena; a value
// that fits the group's old slot overwrites it, a longer one is appended.
type byteStore struct {
	arena vec[byte]
	off   vec[uint64]
	ln    vec[uint32]
	cp    vec[uint32]
}

func newByteStore(mem memory.Allocator) byteStore {
	return byteStore{arena: newVec[byte](mem), off: newVec[uint64](mem), ln: newVec[uint32](mem), cp: newVec[uint32](mem)}
}

func (s *byteStore) resize(n int) { s.off.resize(n); s.ln.resize(n); s.cp.resize(n) }

func (s *byteStore) get(g uint32) []byte {
	o := s.off.data[g]
	return s.arena.data[o : o+uint64(s.ln.data[g])]
}

func (s *byteStore) put(g uint32, b []byte) {
	if uint32(len(b)) > s.cp.data[g] {
		o := len(s.arena.data)
		s.arena.resize(o + len(b))
		s.off.data[g], s.cp.data[g] = uint64(o), uint32(len(b))
	}
	o := s.off.data[g]
	copy(s.arena.data[o:], b)
	s.ln.data[g] = uint32(len(b))
}

func (s *byteStore) rows(from, to int, set []uint8) [][]byte {
	out := make([][]byte, to-from)
	for i := range out {
		if set == nil || set[i] != 0 {
			out[i] = s.get(uint32(from + i))
		}
	}
	return out
}

func (s *byteStore) bytes() int64 {
	return s.arena.bytes() + s.off.bytes() + s.ln.bytes() + s.cp.bytes()
}
func (s *byteStore) free() { s.arena.free(); s.off.free(); s.ln.free(); s.cp.free() }

// bytesMinMax covers strings and binary.
type bytesMinMax struct {
	store   byteStore
	set     vec[uint8]
	isMax   bool
	scratch [][]byte
}

func (a *bytesMinMax) resize(n int) { a.store.resize(n); a.set.resize(n) }

func (a *bytesMinMax) fold(gids []uint32, arr arrow.Array) {
	a.scratch = byteRows(arr, a.scratch)
	bm, off := kutil.Validity(arr)
	set := a.set.data
	want := -1
	if a.isMax {
		want = 1
	}
	for i, g := range gids {
		if !isValid(bm, off, i) {
			continue
		}
		v := a.scratch[i]
		if set[g] == 0 || bytes.Compare(v, a.store.get(g)) == want {
			a.store.put(g, v)
			set[g] = 1
		}
	}
}

func (a *bytesMinMax) update(gids []uint32, args []arrow.Array) error {
	a.fold(gids, args[0])
	return nil
}
func (a *bytesMinMax) merge(gids []uint32, bufs []arrow.Array) error {
	a.fold(gids, bufs[0])
	return nil
}

func (a *bytesMinMax) emitResult(mem memory.Allocator, dt arrow.DataType, from, to int) (arrow.Array, error) {
	set := a.set.data[from:to]
	return bytesArray(mem, dt, a.store.rows(from, to, set), set), nil
}

func (a *bytesMinMax) emitBuffer(mem memory.Allocator, types []arrow.DataType, from, to int) ([]arrow.Array, error) {
	r, err := a.emitResult(mem, types[0], from, to)
	return []arrow.Array{r}, err
}

func (a *bytesMinMax) bytes() int64 { return a.store.bytes() + a.set.bytes() }
func (a *bytesMinMax) free()        { a.store.free(); a.set.free() }
