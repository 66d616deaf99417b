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

// Hashes that share a tag but differ below it may share a chain: a row's
// candidates are then all its equal-hash rows and maybe other rows with its
// tag, in build order; NULL keys match nothing.
func TestTableSharedTags(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	draw := func(n int) ([]int64, []bool) {
		h, null := make([]int64, n), make([]bool, n)
		for i := range h {
			h[i] = int64(uint64(r.Intn(3))<<tagShift | uint64(r.Intn(40)))
			null[i] = i%11 == 10
		}
		return h, null
	}
	build, buildNull := draw(5000)
	stream, streamNull := draw(500)
	tab, err := newTable(build, buildNull)
	if err != nil {
		t.Fatal(err)
	}
	heads := make([]uint64, len(stream))
	tab.heads(stream, streamNull, heads)
	got := map[int32][]int32{}
	for cur := (cursor{}); cur.row < len(stream); {
		var s, b []int32
		s, b, cur = tab.candidates(stream, heads, cur, 7, nil, nil)
		for k := range s {
			got[s[k]] = append(got[s[k]], b[k])
		}
	}
	for i, v := range stream {
		rows := got[int32(i)]
		if streamNull[i] {
			if len(rows) > 0 {
				t.Fatalf("row %d has a NULL key and %d candidates", i, len(rows))
			}
			continue
		}
		if !slices.IsSorted(rows) {
			t.Fatalf("row %d: candidates not in build order: %v", i, rows)
		}
		found := 0
		for _, b := range rows {
			if buildNull[b] || uint64(build[b])>>tagShift != uint64(v)>>tagShift {
				t.Fatalf("row %d: candidate %d has another tag or a NULL key", i, b)
			}
			if build[b] == v {
				found++
			}
		}
		want := 0
		for j, w := range build {
			if !buildNull[j] && w == v {
				want++
			}
		}
		if found != want {
			t.Fatalf("row %d: %d equal-hash candidates, want %d", i, found, want)
		}
	}
}

// intTable's candidates are exactly the pairs with equal keys, in stream
// order and for each stream row in build order, however the limit splits
// them; NULL keys match nothing. Keys repeat, are negative, or are multiples
// of 2^40 (which the multiplicative hash must still spread).
func TestIntTableCandidates(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	for _, buildRows := range []int{0, 1, 7, 1000, 100_000} {
		for _, distinct := range []int{1, 3, 50, 1 << 20} {
			if buildRows*2000/distinct > 1_000_000 {
				continue // too many pairs to list
			}
			draw := func(n int) ([]int64, []bool) {
				k, null := make([]int64, n), make([]bool, n)
				for i := range k {
					k[i] = int64(r.Intn(distinct)) - int64(distinct/2)
					if k[i]%2 == 0 {
						k[i] <<= 40
					}
					null[i] = i%13 == 12
				}
				return k, null
			}
			build, buildNull := draw(buildRows)
			stream, streamNull := draw(2000)
			tab, err := newIntTable(build, buildNull)
			if err != nil {
				t.Fatal(err)
			}
			rowsOf := map[int64][]int32{}
			indexed := 0
			for j, w := range build {
				if !buildNull[j] {
					rowsOf[w] = append(rowsOf[w], int32(j))
					indexed++
				}
			}
			if tab.rows() != indexed {
				t.Fatalf("%d rows indexed, want %d", tab.rows(), indexed)
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
				for cur := (cursor{}); cur.row < len(stream); {
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
