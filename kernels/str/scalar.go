package str

// Scalar-pattern forms of StartsWith, EndsWith and Contains (the right side a
// constant, as LIKE 'abc%', '%abc' and '%abc%' are): the result bits are set
// in out (zeroed, one bit per row); nulls are the caller's.

import (
	"bytes"
	"encoding/binary"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

func startsWithScalar(offs []int32, vals, pat []byte, out []byte) {
	m := int32(len(pat))
	for i := 0; i+1 < len(offs); i++ {
		lo := offs[i]
		if offs[i+1]-lo >= m && bytes.Equal(vals[lo:lo+m], pat) {
			out[i>>3] |= 1 << (i & 7)
		}
	}
}

func endsWithScalar(offs []int32, vals, pat []byte, out []byte) {
	m := int32(len(pat))
	for i := 0; i+1 < len(offs); i++ {
		hi := offs[i+1]
		if hi-offs[i] >= m && bytes.Equal(vals[hi-m:hi], pat) {
			out[i>>3] |= 1 << (i & 7)
		}
	}
}

// containsScalar sets the bit of every row that contains pat. It works in
// chunks of rows and picks per chunk, from the previous chunk's hit rate:
// where matches are rare, one bytes.Index over the chunk's whole value buffer
// (vectorized; each match is mapped to its row, a match across a row end is
// skipped); where they are dense, a scan of each row that compares up to 8
// bytes of the pattern at once and stops at the row's first match.
func containsScalar(offs []int32, vals, pat []byte, out []byte) {
	n := len(offs) - 1
	if len(pat) == 0 {
		for i := 0; i < n; i++ {
			out[i>>3] |= 1 << (i & 7)
		}
		return
	}
	const chunk = 256
	dense := false
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		var hits int
		if dense {
			hits = containsRows(offs, vals, pat, out, start, end)
		} else {
			hits = containsIndex(offs, vals, pat, out, start, end)
		}
		dense = hits*8 > end-start
	}
}

// containsIndex: rows [start, end) by bytes.Index over their values.
func containsIndex(offs []int32, vals, pat []byte, out []byte, start, end int) int {
	m := int32(len(pat))
	limit := offs[end]
	row := start
	pos := offs[start]
	hits := 0
	for pos < limit {
		k := bytes.Index(vals[pos:limit], pat)
		if k < 0 {
			break
		}
		q := pos + int32(k)
		for offs[row+1] <= q {
			row++
		}
		if q+m <= offs[row+1] {
			out[row>>3] |= 1 << (row & 7)
			hits++
			pos = offs[row+1]
			row++
		} else {
			pos = q + 1
		}
	}
	return hits
}

// containsRows: rows [start, end) one by one.
func containsRows(offs []int32, vals, pat []byte, out []byte, start, end int) int {
	m := len(pat)
	hits := 0
	if m > 8 {
		for i := start; i < end; i++ {
			if bytes.Contains(vals[offs[i]:offs[i+1]], pat) {
				out[i>>3] |= 1 << (i & 7)
				hits++
			}
		}
		return hits
	}
	var padded [8]byte
	copy(padded[:], pat)
	want := binary.LittleEndian.Uint64(padded[:])
	mask := ^uint64(0) >> (64 - 8*m)
	c0 := pat[0]
	for i := start; i < end; i++ {
		lo, hi := int(offs[i]), int(offs[i+1])
		last := hi - m
		for j := lo; j <= last; j++ {
			if vals[j] != c0 {
				continue
			}
			var w uint64
			if j+8 <= len(vals) {
				w = binary.LittleEndian.Uint64(vals[j:]) & mask
			} else {
				var tail [8]byte
				copy(tail[:], vals[j:hi])
				w = binary.LittleEndian.Uint64(tail[:]) & mask
			}
			if w == want {
				out[i>>3] |= 1 << (i & 7)
				hits++
				break
			}
		}
	}
	return hits
}

// scalarPredicate runs f over the rows of l with a constant pattern.
func scalarPredicate(mem memory.Allocator, name string, l arrow.Array, pat []byte, f func(offs []int32, vals, pat []byte, out []byte)) (arrow.Array, error) {
	offs, vals, err := rawBytes(name, l)
	if err != nil {
		return nil, err
	}
	n := l.Len()
	buf := kutil.NewBitmap(mem, n)
	f(offs, vals, pat, buf.Bytes())
	validity, nulls := kutil.CopyValidity(mem, l)
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, nulls, validity, buf), nil
}

// StartsWithScalar is StartsWith with a constant prefix.
func StartsWithScalar(mem memory.Allocator, l arrow.Array, prefix []byte) (arrow.Array, error) {
	return scalarPredicate(mem, "StartsWith", l, prefix, startsWithScalar)
}

// EndsWithScalar is EndsWith with a constant suffix.
func EndsWithScalar(mem memory.Allocator, l arrow.Array, suffix []byte) (arrow.Array, error) {
	return scalarPredicate(mem, "EndsWith", l, suffix, endsWithScalar)
}

// ContainsScalar is Contains with a constant pattern.
func ContainsScalar(mem memory.Allocator, l arrow.Array, pat []byte) (arrow.Array, error) {
	return scalarPredicate(mem, "Contains", l, pat, containsScalar)
}
