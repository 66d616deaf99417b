package join

import (
	"math/rand"
	"slices"
	"testing"
)

// TestTableCandidates: every (stream, build) pair with equal hashes comes
// out once, in stream order and for each stream row in build order, however
// the pairs are split by the limit; NULL keys match nothing. Hashes are drawn
// from a few values, so chains are long and tags collide within a bucket.
func TestTableCandidates(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, buildRows := range []int{0, 1, 7, 1000, 100_000} {
		for _, distinct := range []int{1, 3, 50, 1 << 20} {
			if buildRows*2000/distinct > 1_000_000 {
				continue // too many pairs to list
			}
			build, buildNull := randomHashes(r, buildRows, distinct)
			stream, streamNull := randomHashes(r, 2000, distinct)
			tab, err := newTable(build, buildNull)
			if err != nil {
				t.Fatal(err)
			}
			rowsOf := map[int64][]int32{}
			for j, w := range build {
				if !buildNull[j] {
					rowsOf[w] = append(rowsOf[w], int32(j))
				}
			}
			var want [][2]int32
			for i, v := range stream {
				if !streamNull[i] {
					for _, j := range rowsOf[v] {
						want = append(want, [2]int32{int32(i), j})
					}
				}
			}
			heads := make([]uint64, len(stream))
			tab.heads(stream, streamNull, heads)
			for _, limit := range []int{1, 5, 8192} {
				var got [][2]int32
				cur := cursor{}
				for cur.row < len(stream) {
					var s, b []int32
					s, b, cur = tab.candidates(stream, heads, cur, limit, nil, nil)
					if len(s) > limit {
						t.Fatalf("%d pairs over the limit %d", len(s), limit)
					}
					for k := range s {
						got = append(got, [2]int32{s[k], b[k]})
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("build %d, distinct %d, limit %d: %d pairs, want %d", buildRows, distinct, limit, len(got), len(want))
				}
			}
		}
	}
}

// randomHashes draws n hashes among distinct values (some sharing a bucket
// but not a tag, some sharing both) and marks every 13th row NULL.
func randomHashes(r *rand.Rand, n, distinct int) ([]int64, []bool) {
	h, null := make([]int64, n), make([]bool, n)
	for i := range h {
		v := uint64(r.Intn(distinct))
		h[i] = int64(v<<40 | v&1<<35 | 5)
		null[i] = i%13 == 12
	}
	return h, null
}
