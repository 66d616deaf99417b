package order

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// smallRun is the row count under which a run of tied rows is ordered by the
// full comparison instead of normalized keys.
const smallRun = 16

// entry is a row's normalized key and its index.
type entry struct {
	key uint64
	idx uint32
}

// lengthWord is the word index that stands for a string's length: rows whose
// bytes are all equal (zero padding included) order by length.
const lengthWord = -1

// Sort returns the permutation that orders the rows of keys (arrays of equal
// length, one per sort key, described by specs) in Spark's order for those
// keys. The sort is stable: rows whose keys are all equal keep their input
// order. The permutation lives in the returned buffer, allocated from mem; the
// caller releases it. Scratch space (at most 36 bytes per row, see space)
// comes from mem and is released before Sort returns.
//
// It is an MSD sort over normalized 64-bit words: the rows are ordered by the
// first key's word (NULLs set apart first) with a stable MSD radix sort, then
// each run of equal words by the next word of the same key (strings and
// binaries: the next 8 bytes, then the length) or by the next key; small runs
// and wide decimals outside the 64-bit range use the full comparison.
func Sort(mem memory.Allocator, keys []arrow.Array, specs []Key) (*memory.Buffer, []uint32, error) {
	buf, perm, _, err := sortKeys(mem, keys, specs, false, false)
	return buf, perm, err
}

// SortFirst is Sort that also returns the first key's values in the sorted
// order when that key is an integer, date or timestamp (nil otherwise), so
// that the caller need not gather them by the permutation. It costs 8 bytes
// per row at most, allocated from mem; the caller releases the array.
func SortFirst(mem memory.Allocator, keys []arrow.Array, specs []Key) (*memory.Buffer, []uint32, arrow.Array, error) {
	return sortKeys(mem, keys, specs, true, false)
}

// SortFirstInPlace is SortFirst for a first key that is the caller's own
// array, whose buffers nobody else holds: the sorted values are written over
// its values (one allocation of 8 bytes per row less), so the caller must not
// read keys[0]'s values after the call, only the returned array's.
func SortFirstInPlace(mem memory.Allocator, keys []arrow.Array, specs []Key) (*memory.Buffer, []uint32, arrow.Array, error) {
	return sortKeys(mem, keys, specs, true, true)
}

func sortKeys(mem memory.Allocator, keys []arrow.Array, specs []Key, wantFirst, inPlace bool) (*memory.Buffer, []uint32, arrow.Array, error) {
	if len(keys) != len(specs) {
		return nil, nil, nil, fmt.Errorf("order: %d keys but %d specs", len(keys), len(specs))
	}
	n := 0
	if len(keys) > 0 {
		n = keys[0].Len()
	}
	for _, k := range keys {
		if k.Len() != n {
			return nil, nil, nil, fmt.Errorf("order: sort keys of %d and %d rows", n, k.Len())
		}
		if !Supported(k.DataType()) {
			return nil, nil, nil, fmt.Errorf("order: cannot sort by type %s", k.DataType())
		}
	}
	if n > math.MaxUint32 {
		return nil, nil, nil, fmt.Errorf("order: %d rows is more than one sort can order", n)
	}
	rc, err := newRowCmp(keys, specs)
	if err != nil {
		return nil, nil, nil, err
	}
	permBuf := memory.NewResizableBuffer(mem)
	permBuf.Resize(n * 4)
	perm := asUint32s(permBuf.Bytes())[:n]
	for i := range perm {
		perm[i] = uint32(i)
	}
	var first *firstOut
	if wantFirst && len(keys) > 0 {
		first = newFirstOut(mem, keys[0], specs[0], inPlace)
	}
	if n < 2 || len(keys) == 0 {
		return permBuf, perm, first.finish(perm), nil
	}
	s := &sorter{rc: rc, keys: make([]keyData, len(keys)), perm: perm, space: space{mem: mem, n: n}, first: first}
	defer s.space.release()
	for k, a := range keys {
		s.keys[k] = newKeyData(a, specs[k])
	}
	s.refine(0, n, 0, 0)
	return permBuf, perm, first.finish(perm), nil
}

// keyData is what the sorter reads of one key besides its comparator.
type keyData struct {
	arr   arrow.Array
	flip  uint64 // all ones when descending
	exact bool   // whether equal words of word 0 mean equal values
	bytes bool   // string or binary: more words follow, then the length
	offs  []int32
	data  []byte
	nulls bool
}

func newKeyData(a arrow.Array, spec Key) keyData {
	kd := keyData{arr: a, nulls: a.NullN() > 0 || a.DataType().ID() == arrow.NULL}
	if spec.Descending {
		kd.flip = math.MaxUint64
	}
	switch a.DataType().ID() {
	case arrow.STRING, arrow.BINARY:
		kd.bytes = true
		d := a.Data()
		kd.offs = arrow.GetOffsets[int32](d, 1)
		kd.data = bufBytes(d, 2)
	case arrow.DECIMAL128:
		kd.exact = a.DataType().(*arrow.Decimal128Type).Precision <= 18
	default:
		kd.exact = true
	}
	return kd
}

type sorter struct {
	rc    rowCmp
	keys  []keyData
	perm  []uint32
	space space
	first *firstOut // nil: not wanted
}

// refine sorts perm[lo:hi], whose rows are tied on the keys before k and on
// the words of key k before d.
func (s *sorter) refine(lo, hi, k, d int) {
	for {
		if hi-lo < 2 || k == len(s.keys) {
			return
		}
		if hi-lo <= smallRun {
			s.compareSort(lo, hi, k)
			return
		}
		kd := &s.keys[k]
		if d == 0 && kd.nulls {
			// NULL rows, in input order, go first or last; they are tied on key k.
			nlo, nhi, vlo, vhi := s.partitionNulls(lo, hi, k)
			s.refine(nlo, nhi, k+1, 0)
			lo, hi = vlo, vhi
			if hi-lo < 2 {
				return
			}
			if hi-lo <= smallRun {
				s.compareSort(lo, hi, k)
				return
			}
		}
		rows := s.perm[lo:hi]
		sorted, base, ok := sortInts(kd, d, rows, s.space.entriesB()[lo:hi], s.space.bucketScratch)
		if !ok {
			ents := s.space.entriesA()[lo:hi]
			if err := s.words(kd, d, rows, ents); err != nil {
				// Not reached: Sort checked the types.
				panic(err)
			}
			sorted, base = sortEntries(ents, s.space.entriesB()[lo:hi], kd.bytes)
		}
		if k == 0 && s.first != nil {
			s.first.write(lo, sorted, base, rows)
		} else {
			for i, e := range sorted {
				rows[i] = e.idx
			}
		}
		// Runs of equal words: by the next word of key k, the next key, or
		// the full comparison.
		nextK, nextD := k+1, 0
		switch {
		case kd.bytes && d == lengthWord:
		case kd.bytes:
			nextK, nextD = k, d+1
		case !kd.exact:
			nextK, nextD = -1, 0
		}
		if nextK == len(s.keys) {
			// No key left to order the runs by.
			return
		}
		for i := 0; i < len(sorted); {
			j := i + 1
			for j < len(sorted) && sorted[j].key == sorted[i].key {
				j++
			}
			if j-i > 1 {
				switch {
				case nextK < 0:
					s.compareSort(lo+i, lo+j, k)
				case kd.bytes && nextK == k && !s.longer(kd, rows[i:j], 8*nextD):
					// Every row's bytes end within the words seen: order by length.
					s.refine(lo+i, lo+j, k, lengthWord)
				default:
					s.refine(lo+i, lo+j, nextK, nextD)
				}
			}
			i = j
		}
		return
	}
}

// longer reports whether a row of rows has more than n bytes in key kd.
func (s *sorter) longer(kd *keyData, rows []uint32, n int) bool {
	for _, r := range rows {
		if int(kd.offs[r+1]-kd.offs[r]) > n {
			return true
		}
	}
	return false
}

// words writes the entries of rows for word d of key kd, in the key's direction.
func (s *sorter) words(kd *keyData, d int, rows []uint32, ents []entry) error {
	switch {
	case kd.bytes && d == lengthWord:
		for i, r := range rows {
			ents[i] = entry{key: uint64(kd.offs[r+1]-kd.offs[r]) ^ kd.flip, idx: r}
		}
	case kd.bytes:
		from := int32(8 * d)
		for i, r := range rows {
			b := kd.data[kd.offs[r]:kd.offs[r+1]]
			var w uint64
			if int32(len(b)) >= from+8 {
				w = binary.BigEndian.Uint64(b[from:])
			} else if int32(len(b)) > from {
				var buf [8]byte
				copy(buf[:], b[from:])
				w = binary.BigEndian.Uint64(buf[:])
			}
			ents[i] = entry{key: w ^ kd.flip, idx: r}
		}
	default:
		// Word 0 of a fixed-width key: the whole column's normalized keys,
		// gathered for rows (the column is normalized once per call).
		return gatherPrefixes(kd, rows, ents)
	}
	return nil
}

// compareSort orders perm[lo:hi] by the full comparison of keys k on.
func (s *sorter) compareSort(lo, hi, k int) {
	stableSort(s.perm[lo:hi], s.space.rows()[lo:hi], func(x, y uint32) int { return s.rc.compare(x, y, k) })
}

// partitionNulls moves the NULL rows of key k in perm[lo:hi] first or last,
// both groups keeping their order, and returns the two ranges.
func (s *sorter) partitionNulls(lo, hi, k int) (nlo, nhi, vlo, vhi int) {
	kc := &s.rc[k]
	rows := s.perm[lo:hi]
	tmp := s.space.rows()[lo:hi]
	nn := 0
	for _, r := range rows {
		if kc.isNull(r) {
			nn++
		}
	}
	first := kc.nullsFirst
	ni, vi := 0, nn
	if !first {
		ni, vi = len(rows)-nn, 0
	}
	for _, r := range rows {
		if kc.isNull(r) {
			tmp[ni] = r
			ni++
		} else {
			tmp[vi] = r
			vi++
		}
	}
	copy(rows, tmp)
	if first {
		return lo, lo + nn, lo + nn, hi
	}
	return hi - nn, hi, lo, hi - nn
}

// sortEntries sorts a stably by key, with b (as long as a) as scratch, and
// returns the sorted slice (a or b) and what was subtracted from every key
// (bytewise: see radixSort).
func sortEntries(a, b []entry, bytewise bool) ([]entry, uint64) {
	if len(a) >= 256 {
		return radixSort(a, b, bytewise)
	}
	n := len(a)
	for s := 0; s < n; s += insertionRun {
		run := a[s:min(s+insertionRun, n)]
		for i := 1; i < len(run); i++ {
			v := run[i]
			j := i
			for j > 0 && run[j-1].key > v.key {
				run[j] = run[j-1]
				j--
			}
			run[j] = v
		}
	}
	src, dst := a, b[:n]
	for w := insertionRun; w < n; w *= 2 {
		for lo := 0; lo < n; lo += 2 * w {
			mid, hi := min(lo+w, n), min(lo+2*w, n)
			l, r, out := src[lo:mid], src[mid:hi], dst[lo:hi]
			i, j, k := 0, 0, 0
			for i < len(l) && j < len(r) {
				if l[i].key <= r[j].key {
					out[k] = l[i]
					i++
				} else {
					out[k] = r[j]
					j++
				}
				k++
			}
			k += copy(out[k:], l[i:])
			copy(out[k:], r[j:])
		}
		src, dst = dst, src
	}
	return src, 0
}

func asUint32s(b []byte) []uint32 {
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)
}

// insertionRun is the length of the runs stableSort starts from.
const insertionRun = 24

// stableSort sorts a by cmp, keeping equal elements in order, with scratch
// (at least as long as a) as merge space.
func stableSort(a, scratch []uint32, cmp func(x, y uint32) int) {
	n := len(a)
	for s := 0; s < n; s += insertionRun {
		run := a[s:min(s+insertionRun, n)]
		for i := 1; i < len(run); i++ {
			v := run[i]
			j := i
			for j > 0 && cmp(run[j-1], v) > 0 {
				run[j] = run[j-1]
				j--
			}
			run[j] = v
		}
	}
	if n <= insertionRun {
		return
	}
	src, dst := a, scratch[:n]
	for w := insertionRun; w < n; w *= 2 {
		for lo := 0; lo < n; lo += 2 * w {
			mid, hi := min(lo+w, n), min(lo+2*w, n)
			merge(src[lo:mid], src[mid:hi], dst[lo:hi], cmp)
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
}

// merge merges the sorted l and r into out, taking from l on ties.
func merge(l, r, out []uint32, cmp func(x, y uint32) int) {
	i, j, k := 0, 0, 0
	for i < len(l) && j < len(r) {
		if cmp(l[i], r[j]) <= 0 {
			out[k] = l[i]
			i++
		} else {
			out[k] = r[j]
			j++
		}
		k++
	}
	k += copy(out[k:], l[i:])
	copy(out[k:], r[j:])
}
