package join

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/ember-spark/ember/kernels/hash"
	"github.com/ember-spark/ember/kernels/kutil"
)

// keyHashSeed seeds the join's key hash (any seed works: both sides use it).
const keyHashSeed = 42

// keyHashes writes the hash of every row's keys into h and reports, in
// nullKey, the rows with a NULL key (they match nothing). Spark's XXH64 per
// type: floats and doubles arrive normalized (NormalizeNaNAndZero), so equal
// keys have equal bits.
func keyHashes(keys []arrow.Array, h []int64, nullKey []bool) error {
	for i := range h {
		h[i] = keyHashSeed
	}
	clear(nullKey)
	for _, k := range keys {
		if err := hash.XxHash64(h, k); err != nil {
			return err
		}
		if k.NullN() == 0 {
			continue
		}
		bm, off := kutil.Validity(k)
		for i := range nullKey {
			if bm[(off+i)>>3]>>((off+i)&7)&1 == 0 {
				nullKey[i] = true
			}
		}
	}
	return nil
}

// table indexes the build side's rows by key hash: bucket chaining, the
// bucket chosen by the hash's low bits, each row's full hash kept to skip
// most key comparisons. Rows with a NULL key are not indexed.
type table struct {
	buckets []int32 // head row + 1 of each bucket, 0 when empty
	next    []int32 // next row + 1 in the row's bucket
	hashes  []uint64
	mask    uint64
	indexed int // rows with a non-NULL key
}

// newTable indexes rows with hashes h (nullKey rows left out).
func newTable(h []int64, nullKey []bool) (*table, error) {
	n := len(h)
	if n >= 1<<31-1 {
		return nil, fmt.Errorf("hash join: %d build rows (at most 2^31-2)", n)
	}
	size := 1
	for size < 2*n {
		size <<= 1
	}
	t := &table{buckets: make([]int32, size), next: make([]int32, n), hashes: make([]uint64, n), mask: uint64(size - 1)}
	// Insert backwards so each chain lists its rows in build order.
	for i := n - 1; i >= 0; i-- {
		if nullKey[i] {
			continue
		}
		v := uint64(h[i])
		t.hashes[i] = v
		b := v & t.mask
		t.next[i] = t.buckets[b]
		t.buckets[b] = int32(i + 1)
		t.indexed++
	}
	return t, nil
}

// bytes is the table's size.
func (t *table) bytes() int64 {
	return int64(len(t.buckets))*4 + int64(len(t.next))*4 + int64(len(t.hashes))*8
}

// heads writes each stream row's bucket head (row + 1, 0 for none or a NULL
// key) into out. Done for the whole batch first, so the loads of different
// rows' buckets are independent and their cache misses overlap.
func (t *table) heads(h []int64, nullKey []bool, out []int32) {
	out = out[:len(h)]
	for i, v := range h {
		out[i] = t.buckets[uint64(v)&t.mask]
	}
	for i, isNull := range nullKey {
		if isNull {
			out[i] = 0
		}
	}
}

// cursor is where a probe stopped: stream row, and the next build row + 1 of
// its chain (0: start the row's chain).
type cursor struct {
	row  int
	next int32
}

// candidates appends the (stream row, build row) pairs whose hashes match,
// from cur on, until limit pairs; it returns the cursor to resume from
// (row == len(h) when the stream batch is done).
// heads are the rows' bucket heads (see heads).
func (t *table) candidates(h []int64, heads []int32, cur cursor, limit int, sIdx, bIdx []int32) ([]int32, []int32, cursor) {
	for i := cur.row; i < len(h); i++ {
		j := heads[i]
		if cur.next != 0 {
			j, cur.next = cur.next, 0
		}
		if j == 0 {
			continue
		}
		v := uint64(h[i])
		for j != 0 {
			if len(sIdx) == limit {
				return sIdx, bIdx, cursor{row: i, next: j}
			}
			r := j - 1
			if t.hashes[r] == v {
				sIdx = append(sIdx, int32(i))
				bIdx = append(bIdx, r)
			}
			j = t.next[r]
		}
	}
	return sIdx, bIdx, cursor{row: len(h)}
}
