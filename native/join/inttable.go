package join

import (
	"math/bits"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/ember-spark/ember/native"
)

// index is the build side's row index: table (any keys, by hash),
// intTable (one int64 key, stored in the index) or crossIndex (no keys).
type index interface {
	// heads writes each stream row's first link (0 for none or a NULL key)
	// into out. words are the rows' probe words: their key hashes for
	// table, their key values for intTable. It returns a sum of the second
	// links it loaded ahead, which the caller keeps (so the loads are not
	// dropped) in its own state: the index is read-only once built, shared
	// by the tasks of a broadcast (BuildCache).
	heads(words []int64, nullKey []bool, out []uint64) uint64
	// candidates appends the (stream row, build row) pairs that may match,
	// from cur on, until limit pairs; it returns the cursor to resume from
	// (row == len(words) when the stream batch is done). Each stream row's
	// pairs come in build order.
	candidates(words []int64, heads []uint64, cur cursor, limit int, sIdx, bIdx []int32) ([]int32, []int32, cursor)
	// exact: every candidate pair has equal keys (no comparison needed).
	exact() bool
	// rows is how many build rows are indexed (those with a non-NULL key).
	rows() int
	// bytes is the index's size.
	bytes() int64
}

var (
	_ index = (*table)(nil)
	_ index = (*intTable)(nil)
)

// intKey: a join on one key of this type uses intTable (the int64-backed
// types whose equality is the bits').
func intKey(t arrow.DataType) bool {
	switch t.ID() {
	case arrow.INT64, arrow.TIMESTAMP:
		return true
	}
	return false
}

// intTable indexes the build side's rows by one int64 key stored in the
// table: open addressing with linear probing over the distinct keys, each
// slot holding a key and the first link of the chain of its rows (links as
// table's, without tags). The probe sequence starts at a multiplicative
// (Fibonacci) hash of the key, so no key hash is computed on either side; a
// probe compares keys in the slot it reads, so its candidates are the
// matches, and neither the build key column nor (for keys without
// duplicates) the chain links are read: with a large build side each of
// those reads would be a cache miss.
type intTable struct {
	slots   []intSlot
	next    []uint64 // the link after each row's
	mask    uint64
	shift   uint // 64 - log2(len(slots))
	indexed int
}

// intSlot is one key and its chain's first link (0: the slot is empty).
type intSlot struct {
	key  int64
	link uint64
}

// newIntTable indexes rows with keys (nullKey rows left out).
func newIntTable(keys []int64, nullKey []bool) (*intTable, error) {
	n := len(keys)
	size, err := slotCount(n)
	if err != nil {
		return nil, err
	}
	t := &intTable{slots: native.HugePages(make([]intSlot, size)), next: native.HugePages(make([]uint64, n)), mask: uint64(size - 1),
		shift: uint(64 - bits.TrailingZeros(uint(size)))}
	// Insert backwards so each chain lists its rows in build order.
	for i := n - 1; i >= 0; i-- {
		if nullKey[i] {
			continue
		}
		k := keys[i]
		s := t.home(k)
		for {
			sl := &t.slots[s]
			if sl.link == 0 {
				sl.key, sl.link = k, uint64(i+1)
				break
			}
			if sl.key == k {
				t.next[i] = sl.link
				sl.link = linkMore | uint64(i+1)
				break
			}
			s = (s + 1) & t.mask
		}
		t.indexed++
	}
	return t, nil
}

// home is the first slot of key k's probe sequence.
func (t *intTable) home(k int64) uint64 {
	return uint64(k) * 0x9E3779B97F4A7C15 >> t.shift
}

func (t *intTable) exact() bool { return true }

func (t *intTable) rows() int { return t.indexed }

func (t *intTable) bytes() int64 {
	return int64(len(t.slots))*16 + int64(len(t.next))*8
}

// heads: see index. Done for the whole batch first, so the loads of
// different rows' slots are independent and their cache misses overlap.
func (t *intTable) heads(keys []int64, nullKey []bool, out []uint64) uint64 {
	out = out[:len(keys)]
	slots, mask := t.slots, t.mask
	for i, k := range keys {
		s := t.home(k)
		sl := slots[s]
		for sl.link != 0 && sl.key != k {
			s = (s + 1) & mask
			sl = slots[s]
		}
		out[i] = sl.link
	}
	for i, isNull := range nullKey {
		if isNull {
			out[i] = 0
		}
	}
	if len(t.slots) < prefetchSlots/2 {
		return 0
	}
	// Load the second link of every chain that has one: the probe then
	// finds it in cache.
	var sum uint64
	for _, link := range out {
		if link&linkMore != 0 {
			sum += t.next[link&linkRow-1]
		}
	}
	return sum
}

// candidates: see index; the pairs are the matches.
func (t *intTable) candidates(keys []int64, heads []uint64, cur cursor, limit int, sIdx, bIdx []int32) ([]int32, []int32, cursor) {
	i := cur.row
	if cur.next != 0 {
		// Finish the chain a previous call stopped in.
		var done bool
		if sIdx, bIdx, cur.next, done = t.chain(i, cur.next, limit, sIdx, bIdx); !done {
			return sIdx, bIdx, cursor{row: i, next: cur.next}
		}
		i++
	}
	// Rows with at most one match (a unique key, or none) are written
	// without a branch on whether they match: with NULL keys or misses mixed
	// in at random, that branch would mispredict often.
	n := len(sIdx)
	sIdx, bIdx = slices.Grow(sIdx, limit-n)[:limit], slices.Grow(bIdx, limit-n)[:limit]
	for ; i < len(keys); i++ {
		link := heads[i]
		if link&linkMore != 0 {
			var done bool
			var next uint64
			if sIdx, bIdx, next, done = t.chain(i, link, limit, sIdx[:n], bIdx[:n]); !done {
				return sIdx, bIdx, cursor{row: i, next: next}
			}
			n = len(sIdx)
			sIdx, bIdx = sIdx[:limit], bIdx[:limit]
			continue
		}
		if n == limit {
			return sIdx[:n], bIdx[:n], cursor{row: i}
		}
		sIdx[n], bIdx[n] = int32(i), int32(link&linkRow)-1
		var found int
		if link != 0 {
			found = 1
		}
		n += found
	}
	return sIdx[:n], bIdx[:n], cursor{row: len(keys)}
}

// chain appends stream row i's pairs from link on, until limit pairs; done
// says whether the chain ended, else next is the link to resume from.
func (t *intTable) chain(i int, link uint64, limit int, sIdx, bIdx []int32) ([]int32, []int32, uint64, bool) {
	for link != 0 {
		if len(sIdx) == limit {
			return sIdx, bIdx, link, false
		}
		r := int32(link&linkRow) - 1
		sIdx = append(sIdx, int32(i))
		bIdx = append(bIdx, r)
		if link&linkMore == 0 {
			break
		}
		link = t.next[r]
	}
	return sIdx, bIdx, 0, true
}
