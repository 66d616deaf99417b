package str

// Scalar-pattern forms of StartsWith, EndsWith and Contains (the right side a
// constant, as LIKE 'abc%', '%abc' and '%abc%' are): the result bits are set
// in out (zeroed, one bit per row); nulls are the caller's.

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/internal/kutil"
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

// containsScalar searches the whole value buffer at once (bytes.Index is
// vectorized) and maps each match to its row; a match that crosses the end
// of a row is skipped.
func containsScalar(offs []int32, vals, pat []byte, out []byte) {
	n := len(offs) - 1
	if len(pat) == 0 {
		for i := 0; i < n; i++ {
			out[i>>3] |= 1 << (i & 7)
		}
		return
	}
	m := int32(len(pat))
	end := offs[n]
	row := 0
	pos := offs[0]
	for pos < end {
		k := bytes.Index(vals[pos:end], pat)
		if k < 0 {
			return
		}
		q := pos + int32(k)
		for offs[row+1] <= q {
			row++
		}
		if q+m <= offs[row+1] {
			out[row>>3] |= 1 << (row & 7)
			pos = offs[row+1]
			row++
		} else {
			pos = q + 1
		}
	}
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
