package order

import (
	"math"
	"math/bits"
)

// Radix sort of entries: most significant digit first, each bucket in turn,
// so that after the first pass a bucket's passes run in cache, and random
// keys need only about log2(rows) bits of passes instead of all 64. Words
// of string bytes use byte digits, and a bucket that fits in cache finishes
// LSD, with one counting pass for all its bytes (text has few values per
// byte, so MSD levels would shrink buckets slowly at two passes each).

// radixLeaf is the bucket size under which insertion sort finishes a bucket.
const radixLeaf = 32

// topDigit and maxDigit are the digit widths in bits of the first pass (over
// the whole input: wider digits cost more in TLB misses than they save) and of
// the passes inside buckets.
const (
	topDigit = 10
	maxDigit = 11
)

// radixSort sorts a by key (stable), with b (as long as a) as scratch. It
// subtracts the smallest key from every key of a and returns it with the
// sorted slice (a). With bytewise (words of string bytes), it subtracts
// nothing and its digits are whole bytes: text has few distinct values per
// byte, and digits that straddle bytes would spread them over mostly empty
// buckets.
func radixSort(a, b []entry, bytewise bool) ([]entry, uint64) {
	lo, hi := uint64(math.MaxUint64), uint64(0)
	for _, e := range a {
		lo = min(lo, e.key)
		hi = max(hi, e.key)
	}
	r := radix{bytewise: bytewise}
	if bytewise {
		// Every key shares the bits above the highest one lo and hi differ in.
		r.sort(a, b, bits.Len64(hi^lo), false, 0)
		return a, 0
	}
	for i := range a {
		a[i].key -= lo
	}
	r.sort(a, b, bits.Len64(hi-lo), false, 0)
	return a, lo
}

// radix holds the digit counts of each recursion depth.
type radix struct {
	counts   []*[1 << maxDigit]uint32
	bytewise bool // digits are the keys' bytes
}

// sort sorts src by its keys, which are below 1<<hb; the result lands in dst
// when toDst, else in src. The other slice is scratch.
func (r *radix) sort(src, dst []entry, hb int, toDst bool, depth int) {
	n := len(src)
	if toDst && (n <= radixLeaf || hb == 0) {
		copy(dst, src)
		src = dst
	}
	if hb == 0 {
		return
	}
	if n <= radixLeaf {
		insertionSort(src)
		return
	}
	if r.bytewise && hb > 8 && n <= lsdMaxRows {
		// Two bytes or more left in a bucket that fits in cache: LSD, whose
		// one counting pass serves every byte.
		sorted := lsdBytes(src, dst, (hb+7)/8)
		out := src
		if toDst {
			out = dst
		}
		if &sorted[0] != &out[0] {
			copy(out, sorted)
		}
		return
	}
	w := min(hb, maxDigit, max(4, bits.Len(uint(n))-2))
	switch {
	case r.bytewise:
		w = (hb-1)%8 + 1
	case depth == 0:
		w = min(hb, topDigit)
	}
	shift := uint(hb - w)
	mask := uint64(1)<<w - 1
	for len(r.counts) <= depth {
		r.counts = append(r.counts, new([1 << maxDigit]uint32))
	}
	c := r.counts[depth][:1<<w]
	clear(c)
	for _, e := range src {
		c[(e.key>>shift)&mask]++
	}
	if int(c[(src[0].key>>shift)&mask]) == n {
		// The digit is the same in every key: skip it.
		r.sort(src, dst, int(shift), toDst, depth)
		return
	}
	sum := uint32(0)
	for v, k := range c {
		c[v] = sum
		sum += k
	}
	dst = dst[:n]
	for _, e := range src {
		v := (e.key >> shift) & mask
		dst[c[v]] = e
		c[v]++
	}
	// c[v] is now where bucket v ends; each bucket goes back to src unless
	// the result belongs in dst.
	start := uint32(0)
	for _, end := range c {
		switch {
		case end-start > radixLeaf:
			r.sort(dst[start:end], src[start:end], int(shift), !toDst, depth+1)
		case toDst:
			insertionSort(dst[start:end])
		default:
			insertionSortTo(dst[start:end], src[start:end])
		}
		start = end
	}
}

// insertionSort sorts a small a by key, stably.
func insertionSort(a []entry) {
	for i := 1; i < len(a); i++ {
		v := a[i]
		j := i
		for j > 0 && a[j-1].key > v.key {
			a[j] = a[j-1]
			j--
		}
		a[j] = v
	}
}

// insertionSortTo writes src sorted by key, stably, into dst.
func insertionSortTo(src, dst []entry) {
	dst = dst[:len(src)]
	for i, v := range src {
		j := i
		for j > 0 && dst[j-1].key > v.key {
			dst[j] = dst[j-1]
			j--
		}
		dst[j] = v
	}
}

// lsdMaxRows is the largest bucket of bytewise keys sorted LSD.
const lsdMaxRows = 1 << 16

// lsdBytes sorts a by the low digits bytes of its keys (stable LSD, bytes
// equal in every entry skipped), with b as the other buffer, and returns the
// sorted slice (a or b).
func lsdBytes(a, b []entry, digits int) []entry {
	n := uint32(len(a))
	var counts [8][256]uint32
	for _, e := range a {
		k := e.key
		for d := range digits {
			counts[d][byte(k>>(8*d))]++
		}
	}
	src, dst := a, b[:n]
	for d := range digits {
		c := &counts[d]
		shift := uint(8 * d)
		if c[byte(src[0].key>>shift)] == n {
			continue
		}
		sum := uint32(0)
		for v, k := range c {
			c[v] = sum
			sum += k
		}
		for _, e := range src {
			v := byte(e.key >> shift)
			dst[c[v]] = e
			c[v]++
		}
		src, dst = dst, src
	}
	return src
}
