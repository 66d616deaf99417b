package order

import (
	"math"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/ember-spark/ember/kernels/kutil"
)

// sortInts is sortEntries for word 0 of an integer, date or timestamp key of
// at least 256 rows (none NULL), straight from the values: the first radix
// pass scatters the rows' normalized keys into dst, and each bucket is then
// sorted with scratch(m) as its scratch (m: the largest bucket), so that
// neither a copy of the keys nor a second entry per row is ever written.
// It returns the sorted entries (dst), what was subtracted from every key,
// and false when the key is not such a key.
func sortInts(kd *keyData, d int, rows []uint32, dst []entry, scratch func(m int) []entry) ([]entry, uint64, bool) {
	if d != 0 || len(rows) < 256 {
		return nil, 0, false
	}
	a := kd.arr
	switch a.DataType().ID() {
	case arrow.INT8:
		return dst, radixInts(kutil.Values[int8](a), kd.flip, rows, dst, scratch), true
	case arrow.INT16:
		return dst, radixInts(kutil.Values[int16](a), kd.flip, rows, dst, scratch), true
	case arrow.INT32, arrow.DATE32:
		return dst, radixInts(kutil.Values[int32](a), kd.flip, rows, dst, scratch), true
	case arrow.INT64, arrow.TIMESTAMP:
		return dst, radixInts(kutil.Values[int64](a), kd.flip, rows, dst, scratch), true
	}
	return nil, 0, false
}

// radixInts writes into dst the entries of rows sorted by the normalized keys
// of vals (flipped by flip, less the smallest key, which it returns).
func radixInts[T int8 | int16 | int32 | int64](vals []T, flip uint64, rows []uint32, dst []entry, scratch func(m int) []entry) uint64 {
	flip ^= signBit
	lo, hi := uint64(math.MaxUint64), uint64(0)
	for _, r := range rows {
		k := uint64(int64(vals[r])) ^ flip
		lo = min(lo, k)
		hi = max(hi, k)
	}
	hb := bits.Len64(hi - lo)
	w := min(hb, topDigit)
	shift := uint(hb - w)
	var c [1 << topDigit]uint32
	for _, r := range rows {
		c[(uint64(int64(vals[r]))^flip-lo)>>shift]++
	}
	sum, largest := uint32(0), uint32(0)
	for v, k := range c {
		c[v] = sum
		sum += k
		largest = max(largest, k)
	}
	tmp := scratch(int(largest))
	dst = dst[:len(rows)]
	for _, r := range rows {
		k := uint64(int64(vals[r])) ^ flip - lo
		v := k >> shift
		dst[c[v]] = entry{key: k, idx: r}
		c[v]++
	}
	rs := radix{}
	start := uint32(0)
	for _, end := range c[:1<<w] {
		if end-start > 1 {
			rs.sort(dst[start:end], tmp[:end-start], int(shift), false, 1)
		}
		start = end
	}
	return lo
}
