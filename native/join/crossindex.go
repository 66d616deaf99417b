package join

// crossIndex is the index of a join without keys (Spark's
// BroadcastNestedLoopJoinExec): every build row is a candidate for every
// stream row, in build order, and the join's condition alone decides which
// pairs match. It holds nothing but the row count: a cursor's next is the
// next build row + 1.
type crossIndex struct {
	n int
}

var _ index = crossIndex{}

// heads marks every stream row as having candidates when there are build
// rows; it loads nothing ahead.
func (c crossIndex) heads(words []int64, nullKey []bool, out []uint64) uint64 {
	first := uint64(0)
	if c.n > 0 {
		first = 1
	}
	for i := range out[:len(words)] {
		out[i] = first
	}
	return 0
}

func (c crossIndex) candidates(words []int64, heads []uint64, cur cursor, limit int, sIdx, bIdx []int32) ([]int32, []int32, cursor) {
	if c.n == 0 {
		return sIdx, bIdx, cursor{row: len(words)}
	}
	b := 0
	if cur.next != 0 {
		b = int(cur.next) - 1
	}
	for i := cur.row; i < len(words); i++ {
		// The pairs of stream row i with build rows [b, b+take), in one loop.
		take := min(c.n-b, limit-len(sIdx))
		if take <= 0 {
			return sIdx, bIdx, cursor{row: i, next: uint64(b) + 1}
		}
		for r := b; r < b+take; r++ {
			sIdx = append(sIdx, int32(i))
			bIdx = append(bIdx, int32(r))
		}
		if b += take; b < c.n {
			return sIdx, bIdx, cursor{row: i, next: uint64(b) + 1}
		}
		b = 0
	}
	return sIdx, bIdx, cursor{row: len(words)}
}

// exact: there are no keys to compare.
func (c crossIndex) exact() bool { return true }

func (c crossIndex) rows() int { return c.n }

func (c crossIndex) bytes() int64 { return 0 }
