package join

import (
	"fmt"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/ember-spark/ember/kernels/hash"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/native"
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
	for _, k := range keys {
		if err := hash.XxHash64(h, k); err != nil {
			return err
		}
	}
	nullKeys(keys, nullKey)
	return nil
}

// nullKeys reports, in nullKey, the rows with a NULL key.
func nullKeys(keys []arrow.Array, nullKey []bool) {
	clear(nullKey)
	for _, k := range keys {
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
}

// table indexes the build side's rows by key hash: open addressing with
// linear probing over the hashes, each slot holding the first link of the
// chain of rows with that hash. A link (a slot, a row's next) is one word: the
// row + 1 (0: none), a tag of the row's hash (its top 31 bits) and whether
// more rows follow in the chain. A row joins the chain of the first slot with
// its tag along its probe sequence, else takes the first empty slot, so rows
// of one hash share one chain (rows of different hashes with one tag may
// share it too: their keys are compared afterwards anyway). A probe usually
// reads one slot (the table is at most half full), compares tags without
// reading any per-row array, and reads a row's next link only for keys with
// duplicates: with a large build side each of those reads is a cache miss.
// The probe sequence starts at a multiplicative (Fibonacci) hash of the whole
// 64-bit hash, so hashes that share their low bits (a spilled pair's rows
// share some) still spread. Rows with a NULL key are not indexed.
type table struct {
	slots   []uint64 // each hash's first link
	next    []uint64 // the link after each row's
	mask    uint64
	shift   uint // 64 - log2(len(slots))
	indexed int  // rows with a non-NULL key
}

const (
	linkRow  = 1<<32 - 1 // row + 1
	linkMore = 1 << 32   // another link follows
	tagShift = 33        // the hash's top 31 bits, stored above linkMore
)

// home is the first slot of hash v's probe sequence.
func (t *table) home(v uint64) uint64 {
	return v * 0x9E3779B97F4A7C15 >> t.shift
}

// slotCount is the slots of a table over n build rows: a power of two at least
// twice n (links are 31-bit row numbers plus one).
func slotCount(n int) (int, error) {
	if n >= 1<<31-1 {
		return 0, fmt.Errorf("hash join: %d build rows (at most 2^31-2)", n)
	}
	size := 2
	for size < 2*n {
		size <<= 1
	}
	return size, nil
}

// newTable indexes rows with hashes h (nullKey rows left out).
func newTable(h []int64, nullKey []bool) (*table, error) {
	n := len(h)
	size, err := slotCount(n)
	if err != nil {
		return nil, err
	}
	t := &table{slots: native.HugePages(make([]uint64, size)), next: native.HugePages(make([]uint64, n)), mask: uint64(size - 1),
		shift: uint(64 - bits.TrailingZeros(uint(size)))}
	// Insert backwards so each chain lists its rows in build order.
	for i := n - 1; i >= 0; i-- {
		if nullKey[i] {
			continue
		}
		v := uint64(h[i])
		tag := v >> tagShift
		s := t.home(v)
		for {
			head := t.slots[s]
			if head == 0 {
				t.slots[s] = tag<<tagShift | uint64(i+1)
				break
			}
			if head>>tagShift == tag {
				t.next[i] = head
				t.slots[s] = tag<<tagShift | linkMore | uint64(i+1)
				break
			}
			s = (s + 1) & t.mask
		}
		t.indexed++
	}
	return t, nil
}

func (t *table) exact() bool { return false }

func (t *table) rows() int { return t.indexed }

// bytes is the table's size.
func (t *table) bytes() int64 {
	return int64(len(t.slots))*8 + int64(len(t.next))*8
}

// prefetchSlots is the table size (in slots: 1 MB) from which heads loads
// second links ahead: below it they are in cache already.
const prefetchSlots = 1 << 17

// heads writes each stream row's first link (0 for none or a NULL key) into
// out. Done for the whole batch first, so the loads of different rows' slots
// are independent and their cache misses overlap.
func (t *table) heads(h []int64, nullKey []bool, out []uint64) uint64 {
	out = out[:len(h)]
	slots, mask := t.slots, t.mask
	for i, v := range h {
		u := uint64(v)
		tag := u >> tagShift
		s := t.home(u)
		link := slots[s]
		for link != 0 && link>>tagShift != tag {
			s = (s + 1) & mask
			link = slots[s]
		}
		out[i] = link
	}
	for i, isNull := range nullKey {
		if isNull {
			out[i] = 0
		}
	}
	if len(t.slots) < prefetchSlots {
		return 0
	}
	// Load the second link of every chain that has one, for the same reason:
	// the probe then finds it in cache.
	var sum uint64
	for _, link := range out {
		if link&linkMore != 0 {
			sum += t.next[link&linkRow-1]
		}
	}
	return sum
}

// cursor is where a probe stopped: stream row, and the next link of its
// chain (0: start the row's chain).
type cursor struct {
	row  int
	next uint64
}

// candidates appends the (stream row, build row) pairs whose hash tags
// match, from cur on, until limit pairs; it returns the cursor to resume from
// (row == len(h) when the stream batch is done).
// heads are the rows' first links (see heads).
func (t *table) candidates(h []int64, heads []uint64, cur cursor, limit int, sIdx, bIdx []int32) ([]int32, []int32, cursor) {
	for i := cur.row; i < len(h); i++ {
		link := heads[i]
		if cur.next != 0 {
			link, cur.next = cur.next, 0
		}
		tag := uint64(h[i]) >> tagShift
		for link != 0 {
			if len(sIdx) == limit {
				return sIdx, bIdx, cursor{row: i, next: link}
			}
			r := int32(link&linkRow) - 1
			if link>>tagShift == tag {
				sIdx = append(sIdx, int32(i))
				bIdx = append(bIdx, r)
			}
			if link&linkMore == 0 {
				break
			}
			link = t.next[r]
		}
	}
	return sIdx, bIdx, cursor{row: len(h)}
}
