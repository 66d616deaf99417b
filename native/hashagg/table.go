package hashagg

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// groupTable maps the grouping keys of each row to a dense group id, adding
// new groups in order of first appearance.
type groupTable interface {
	// find sets gids[i] to the group of row i of keys (len(gids) rows).
	find(keys []arrow.Array, gids []uint32)
	// groups is the number of groups so far.
	groups() int
	// emitKeys builds the key columns of groups [from, to).
	emitKeys(mem memory.Allocator, types []arrow.DataType, from, to int) []arrow.Array
	// keyHashes sets out[i] to a hash of group from+i's key that does not
	// depend on the table (equal keys, equal hashes, in any table of the
	// process): spilling partitions groups by it.
	keyHashes(from, to int, out []uint64)
	bytes() int64
	free()
}

// ---- no keys: one group ----

type globalTable struct{}

func (globalTable) find(_ []arrow.Array, gids []uint32) { clear(gids) }
func (globalTable) groups() int                         { return 1 }
func (globalTable) emitKeys(memory.Allocator, []arrow.DataType, int, int) []arrow.Array {
	return nil
}
func (globalTable) keyHashes(_, _ int, out []uint64) { clear(out) }
func (globalTable) bytes() int64                     { return 0 }
func (globalTable) free()                            {}

// ---- one key of at most 8 bytes: open addressing on the value ----

// fixedKeyWidth is the width of a single-key fast-path column, or 0.
func fixedKeyWidth(t arrow.DataType) int {
	switch t.ID() {
	case arrow.BOOL, arrow.INT8:
		return 1
	case arrow.INT16:
		return 2
	case arrow.INT32, arrow.DATE32, arrow.FLOAT32:
		return 4
	case arrow.INT64, arrow.TIMESTAMP, arrow.FLOAT64:
		return 8
	}
	return 0
}

type slot struct {
	key int64
	g   uint32 // group id + 1; 0 is an empty slot
	_   uint32
}

// intTable groups one integral, date, timestamp, float or double column (the
// planner normalizes floating keys, so equal keys have equal bits). It keeps
// each group's key and an open-addressing table of (key, group), linear
// probing, at most half full. NULL is its own group.
type intTable struct {
	mem     memory.Allocator
	keys    vec[int64]
	slots   vec[slot]
	shift   uint
	mask    uint64
	n       int
	nullG   int64
	scratch []int64
	home    []uint32 // per-batch scratch: each row's home slot
	sink    uint32   // keeps the touching loads of find alive
}

const fib = 0x9E3779B97F4A7C15

func newIntTable(mem memory.Allocator) *intTable {
	t := &intTable{mem: mem, keys: newVec[int64](mem), slots: newVec[slot](mem), nullG: -1}
	t.rehash(1 << 10)
	return t
}

func (t *intTable) rehash(size int) {
	old := t.slots
	t.slots = newVec[slot](t.mem)
	t.slots.alloc(size)
	t.mask = uint64(size - 1)
	t.shift = uint(64 - bitsLen(size-1))
	s := t.slots.data
	for _, o := range old.data {
		if o.g == 0 {
			continue
		}
		h := (uint64(o.key) * fib) >> t.shift
		for s[h].g != 0 {
			h = (h + 1) & t.mask
		}
		s[h] = o
	}
	old.free()
}

func bitsLen(x int) int {
	n := 0
	for x > 0 {
		n++
		x >>= 1
	}
	return n
}

// widen reads the key column as int64s.
func (t *intTable) widen(a arrow.Array) []int64 {
	n := a.Len()
	switch a.DataType().ID() {
	case arrow.INT64, arrow.TIMESTAMP:
		return kutil.Values[int64](a)
	case arrow.FLOAT64:
		return kutil.Values[int64](a)
	}
	if cap(t.scratch) < n {
		t.scratch = make([]int64, n)
	}
	out := t.scratch[:n]
	switch a.DataType().ID() {
	case arrow.BOOL:
		b := boolBytes(a, nil)
		for i := range out {
			out[i] = int64(b[i])
		}
	case arrow.INT8:
		widenTo(out, kutil.Values[int8](a))
	case arrow.INT16:
		widenTo(out, kutil.Values[int16](a))
	case arrow.INT32, arrow.DATE32:
		widenTo(out, kutil.Values[int32](a))
	case arrow.FLOAT32:
		widenTo(out, kutil.Values[int32](a))
	default:
		panic(fmt.Sprintf("hashagg: key type %s", a.DataType()))
	}
	return out
}

func widenTo[T integer](out []int64, in []T) {
	for i, v := range in {
		out[i] = int64(v)
	}
}

func (t *intTable) newGroup(k int64) uint32 {
	g := uint32(t.n)
	t.n++
	if t.n <= cap(t.keys.data) {
		t.keys.data = t.keys.data[:t.n]
	} else {
		t.keys.resize(t.n)
	}
	t.keys.data[g] = k
	return g
}

func (t *intTable) find(keys []arrow.Array, gids []uint32) {
	x := t.widen(keys[0])
	bm, off := kutil.Validity(keys[0])
	// Grow first so the batch's inserts cannot rehash: the slots computed
	// below stay valid.
	if need := (t.n + len(x) + 1) * 4 / 3; need > len(t.slots.data) {
		size := len(t.slots.data)
		for size < need {
			size *= 2
		}
		t.rehash(size)
	}
	s := t.slots.data
	if cap(t.home) < len(x) {
		t.home = make([]uint32, len(x))
	}
	home := t.home[:len(x)]
	for i, k := range x {
		home[i] = uint32((uint64(k) * fib) >> t.shift)
	}
	touch := len(s) > touchSlots
	for lo := 0; lo < len(x); lo += touchRows {
		hi := min(lo+touchRows, len(x))
		if touch {
			// A large table misses the cache on most probes: load the
			// rows' slots first, in a loop of independent loads the CPU
			// overlaps, so the probes below find them cached.
			var sink uint32
			for _, h := range home[lo:hi] {
				sink += s[h].g
			}
			t.sink += sink
		}
		for i := lo; i < hi; i++ {
			k := x[i]
			if bm != nil && !isValid(bm, off, i) {
				if t.nullG < 0 {
					t.nullG = int64(t.newGroup(0))
				}
				gids[i] = uint32(t.nullG)
				continue
			}
			h := uint64(home[i])
			for {
				e := &s[h]
				if e.g == 0 {
					g := t.newGroup(k)
					e.key, e.g = k, g+1
					gids[i] = g
					break
				}
				if e.key == k {
					gids[i] = e.g - 1
					break
				}
				h = (h + 1) & t.mask
			}
		}
	}
}

// touchSlots: from this many slots (1 MiB of them) on, find loads each
// row's slot ahead of probing, touchRows rows at a time (their slots' cache
// lines stay in the first-level caches until probed).
const (
	touchSlots = 1 << 16
	touchRows  = 256
)

func (t *intTable) groups() int { return t.n }

func (t *intTable) emitKeys(mem memory.Allocator, types []arrow.DataType, from, to int) []arrow.Array {
	ks := t.keys.data[from:to]
	var valid []uint8
	if t.nullG >= int64(from) && t.nullG < int64(to) {
		valid = make([]uint8, to-from)
		for i := range valid {
			valid[i] = 1
		}
		valid[t.nullG-int64(from)] = 0
	}
	dt := types[0]
	var out arrow.Array
	switch dt.ID() {
	case arrow.INT64, arrow.TIMESTAMP, arrow.FLOAT64:
		out = fixedArray(mem, dt, ks, valid)
	case arrow.BOOL:
		out = boolArray(mem, narrow[uint8](ks), valid)
	case arrow.INT8:
		out = fixedArray(mem, dt, narrow[int8](ks), valid)
	case arrow.INT16:
		out = fixedArray(mem, dt, narrow[int16](ks), valid)
	default: // INT32, DATE32, FLOAT32 (bits)
		out = fixedArray(mem, dt, narrow[int32](ks), valid)
	}
	return []arrow.Array{out}
}

func narrow[T integer | ~uint8](in []int64) []T {
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = T(v)
	}
	return out
}

func (t *intTable) keyHashes(from, to int, out []uint64) {
	for i, k := range t.keys.data[from:to] {
		out[i] = uint64(k)
	}
	if t.nullG >= int64(from) && t.nullG < int64(to) {
		out[t.nullG-int64(from)] = nullKeyHash
	}
}

// nullKeyHash is the partitioning hash of the NULL key of an intTable.
const nullKeyHash = 0x5bd1e9955bd1e995

func (t *intTable) bytes() int64 { return t.keys.bytes() + t.slots.bytes() }
func (t *intTable) free()        { t.keys.free(); t.slots.free() }

// ---- any keys: each row's keys serialized to bytes ----

// rowTable groups any key columns. Each row's keys are written column by
// column into one byte string (a NULL flag, then the fixed-width value, or a
// 4-byte length and the bytes for strings and binary); groups keep their key
// strings in an arena, found through an open-addressing table of (hash, group).
type rowTable struct {
	mem   memory.Allocator
	arena vec[byte]
	offs  vec[uint64] // group g's key is arena[offs[g]:offs[g+1]]
	slots vec[hslot]
	mask  uint64
	n     int
	seed  maphash.Seed
	// per-batch scratch
	buf    []byte
	rowOff []int
	rows   [][]byte
}

type hslot struct {
	hash uint64
	g    uint32 // group id + 1
	_    uint32
}

func newRowTable(mem memory.Allocator) *rowTable {
	t := &rowTable{mem: mem, arena: newVec[byte](mem), offs: newVec[uint64](mem), slots: newVec[hslot](mem), seed: maphash.MakeSeed()}
	t.offs.resize(1)
	t.rehashRows(1 << 10)
	return t
}

func (t *rowTable) rehashRows(size int) {
	old := t.slots
	t.slots = newVec[hslot](t.mem)
	t.slots.alloc(size)
	t.mask = uint64(size - 1)
	s := t.slots.data
	for _, o := range old.data {
		if o.g == 0 {
			continue
		}
		h := o.hash & t.mask
		for s[h].g != 0 {
			h = (h + 1) & t.mask
		}
		s[h] = o
	}
	old.free()
}

func keyWidth(dt arrow.DataType) int {
	switch dt.ID() {
	case arrow.DECIMAL128:
		return 16
	case arrow.STRING, arrow.BINARY:
		return -1
	}
	return fixedKeyWidth(dt)
}

// encode writes every row's key bytes into t.rows.
func (t *rowTable) encode(keys []arrow.Array, n int) {
	if cap(t.rowOff) < n+1 {
		t.rowOff = make([]int, n+1)
	}
	lens := t.rowOff[:n+1]
	clear(lens)
	for _, k := range keys {
		w := keyWidth(k.DataType())
		bm, off := kutil.Validity(k)
		if w >= 0 {
			for i := 0; i < n; i++ {
				if isValid(bm, off, i) {
					lens[i+1] += 1 + w
				} else {
					lens[i+1]++
				}
			}
			continue
		}
		d := k.Data()
		o := arrow.Int32Traits.CastFromBytes(d.Buffers()[1].Bytes())[d.Offset():]
		for i := 0; i < n; i++ {
			if isValid(bm, off, i) {
				lens[i+1] += 5 + int(o[i+1]-o[i])
			} else {
				lens[i+1]++
			}
		}
	}
	for i := 1; i <= n; i++ {
		lens[i] += lens[i-1]
	}
	total := lens[n]
	if cap(t.buf) < total {
		t.buf = make([]byte, total)
	}
	buf := t.buf[:total]
	cur := make([]int, n)
	copy(cur, lens[:n])
	for _, k := range keys {
		w := keyWidth(k.DataType())
		bm, off := kutil.Validity(k)
		d := k.Data()
		switch {
		case k.DataType().ID() == arrow.BOOL:
			b := boolBytes(k, nil)
			for i := 0; i < n; i++ {
				if isValid(bm, off, i) {
					buf[cur[i]], buf[cur[i]+1] = 1, b[i]
					cur[i] += 2
				} else {
					buf[cur[i]] = 0
					cur[i]++
				}
			}
		case w > 0:
			raw := d.Buffers()[1].Bytes()[d.Offset()*w:]
			for i := 0; i < n; i++ {
				if isValid(bm, off, i) {
					buf[cur[i]] = 1
					copy(buf[cur[i]+1:cur[i]+1+w], raw[i*w:(i+1)*w])
					cur[i] += 1 + w
				} else {
					buf[cur[i]] = 0
					cur[i]++
				}
			}
		default:
			o := arrow.Int32Traits.CastFromBytes(d.Buffers()[1].Bytes())[d.Offset():]
			var data []byte
			if b := d.Buffers()[2]; b != nil {
				data = b.Bytes()
			}
			for i := 0; i < n; i++ {
				if isValid(bm, off, i) {
					v := data[o[i]:o[i+1]]
					buf[cur[i]] = 1
					binary.LittleEndian.PutUint32(buf[cur[i]+1:], uint32(len(v)))
					copy(buf[cur[i]+5:], v)
					cur[i] += 5 + len(v)
				} else {
					buf[cur[i]] = 0
					cur[i]++
				}
			}
		}
	}
	if cap(t.rows) < n {
		t.rows = make([][]byte, n)
	}
	t.rows = t.rows[:n]
	for i := range t.rows {
		t.rows[i] = buf[lens[i]:lens[i+1]]
	}
}

func (t *rowTable) find(keys []arrow.Array, gids []uint32) {
	t.encode(keys, len(gids))
	s := t.slots.data
	for i, key := range t.rows {
		hash := maphash.Bytes(t.seed, key)
		h := hash & t.mask
		for {
			e := &s[h]
			if e.g == 0 {
				g := uint32(t.n)
				t.n++
				start := len(t.arena.data)
				t.arena.resize(start + len(key))
				copy(t.arena.data[start:], key)
				t.offs.resize(t.n + 1)
				t.offs.data[t.n] = uint64(start + len(key))
				e.hash, e.g = hash, g+1
				gids[i] = g
				if 2*t.n > len(s) {
					t.rehashRows(2 * len(s))
					s = t.slots.data
				}
				break
			}
			if e.hash == hash {
				g := e.g - 1
				if bytes.Equal(t.arena.data[t.offs.data[g]:t.offs.data[g+1]], key) {
					gids[i] = g
					break
				}
			}
			h = (h + 1) & t.mask
		}
	}
}

func (t *rowTable) groups() int { return t.n }

// emitKeys decodes the key columns of groups [from, to), column by column.
func (t *rowTable) emitKeys(mem memory.Allocator, types []arrow.DataType, from, to int) []arrow.Array {
	n := to - from
	cur := make([]uint64, n)
	copy(cur, t.offs.data[from:to])
	a := t.arena.data
	out := make([]arrow.Array, len(types))
	for c, dt := range types {
		valid := make([]uint8, n)
		for i := range valid {
			valid[i] = a[cur[i]]
			cur[i]++
		}
		w := keyWidth(dt)
		switch {
		case dt.ID() == arrow.BOOL:
			vals := make([]uint8, n)
			for i := range vals {
				if valid[i] != 0 {
					vals[i] = a[cur[i]]
					cur[i]++
				}
			}
			out[c] = boolArray(mem, vals, valid)
		case w > 0:
			data := memory.NewResizableBuffer(mem)
			data.Resize(n * w)
			db := data.Bytes()
			clear(db)
			for i := 0; i < n; i++ {
				if valid[i] != 0 {
					copy(db[i*w:(i+1)*w], a[cur[i]:cur[i]+uint64(w)])
					cur[i] += uint64(w)
				}
			}
			out[c] = withValidity(mem, dt, n, data, nil, valid)
		default:
			rows := make([][]byte, n)
			for i := 0; i < n; i++ {
				if valid[i] != 0 {
					l := uint64(binary.LittleEndian.Uint32(a[cur[i]:]))
					rows[i] = a[cur[i]+4 : cur[i]+4+l]
					cur[i] += 4 + l
				}
			}
			out[c] = bytesArray(mem, dt, rows, valid)
		}
	}
	return out
}

// partSeed seeds the key hashes that partition spilled groups: one seed per
// process, so that every table hashes a key alike.
var partSeed = maphash.MakeSeed()

func (t *rowTable) keyHashes(from, to int, out []uint64) {
	a, offs := t.arena.data, t.offs.data
	for i := range out[:to-from] {
		g := from + i
		out[i] = maphash.Bytes(partSeed, a[offs[g]:offs[g+1]])
	}
}

func (t *rowTable) bytes() int64 { return t.arena.bytes() + t.offs.bytes() + t.slots.bytes() }
func (t *rowTable) free()        { t.arena.free(); t.offs.free(); t.slots.free() }

var _ = math.Float64bits
