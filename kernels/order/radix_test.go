package order

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// radixValue draws one value of t in one of the distributions the radix sort
// treats differently: full-range random (every digit varies), a small range
// straddling zero (few digits), clustered high bits (constant digits skipped),
// few distinct values (long runs of equal keys), and the edge values.
func radixValue(r *rand.Rand, t types.ID, dist int) any {
	if t == types.String {
		return radixString(r, dist)
	}
	if r.Intn(20) == 0 {
		return edge[t][r.Intn(len(edge[t]))]
	}
	var v int64
	switch dist {
	case 0:
		v = r.Int63() - r.Int63()
	case 1:
		v = r.Int63n(200) - 100
	case 2:
		v = 1_700_000_000_000_000 + r.Int63n(1<<20)<<12
	default:
		v = r.Int63n(5)
	}
	switch t {
	case types.Int:
		return int32(v)
	case types.Double:
		if dist == 0 {
			return math.Float64frombits(uint64(v))
		}
		return float64(v) / 4
	}
	return v
}

// radixString draws a string in one of the distributions the bytewise radix
// passes meet: random bytes of random lengths (empty and high bytes too),
// text with a common prefix and digits, a prefix longer than a word, and few
// distinct values.
func radixString(r *rand.Rand, dist int) string {
	switch dist {
	case 0:
		b := make([]byte, r.Intn(20))
		for i := range b {
			b[i] = byte(r.Intn(256))
		}
		return string(b)
	case 1:
		return fmt.Sprintf("customer#%0*d", 1+r.Intn(10), r.Intn(1_000_000_000))
	case 2:
		return fmt.Sprintf("a longer common prefix %d", r.Intn(100_000))
	default:
		return []string{"", "a", "ab", "b", "a\x00"}[r.Intn(5)]
	}
}

// TestRadixSort: enough rows for the radix passes (one and two levels of
// buckets), against sort.SliceStable with Spark's comparison, for every
// direction and NULL ordering, one and two keys.
func TestRadixSort(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewSource(6))
	for _, tid := range []types.ID{types.Long, types.Int, types.Double, types.String} {
		for dist := 0; dist < 4; dist++ {
			for _, n := range []int{300, 5000, 70_000} {
				c1, c2 := make([]any, n), make([]any, n)
				for i := range c1 {
					c1[i] = radixValue(r, tid, dist)
					if r.Intn(10) == 0 {
						c1[i] = nil
					}
					c2[i] = int64(r.Intn(3))
				}
				ts := []types.DataType{{ID: tid}, types.LongType}
				for _, s := range allSpecs {
					checkSort(t, mem, ts[:1], [][]any{c1}, []Key{s})
					checkSort(t, mem, ts, [][]any{c1, c2}, []Key{s, {Descending: true}})
				}
			}
		}
	}
}

// TestSortFirst: the first key's values come back in the sorted order, also
// when SortFirstInPlace writes them over its own copy of the key.
func TestSortFirst(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewSource(7))
	for _, tt := range []types.DataType{types.ByteType, types.ShortType, types.IntType, types.LongType, types.DateType,
		types.TimestampType, types.DoubleType} {
		for _, n := range []int{0, 1, 10, 1000} {
			for _, nulls := range []bool{false, true} {
				for _, s := range allSpecs {
					for _, inPlace := range []bool{false, true} {
						vals := randomColumn(r, edge[tt.ID], n, nulls)
						a := kerneltest.Build(mem, tt, vals)
						key, sortFirst := a, SortFirst
						if inPlace {
							c, err := array.Concatenate([]arrow.Array{a}, mem)
							if err != nil {
								t.Fatal(err)
							}
							key, sortFirst = c, SortFirstInPlace
						}
						buf, perm, first, err := sortFirst(mem, []arrow.Array{key}, []Key{s})
						if err != nil {
							t.Fatal(err)
						}
						if (first == nil) != (tt.ID == types.Double) {
							t.Fatalf("%v: first %v", tt, first)
						}
						if first != nil {
							for i, p := range perm {
								if first.IsNull(i) != a.IsNull(int(p)) || !a.IsNull(int(p)) && first.ValueStr(i) != a.ValueStr(int(p)) {
									t.Fatalf("%v %v n=%d in place %v: position %d is %s, row %d is %s", tt, s, n, inPlace, i,
										first.ValueStr(i), p, a.ValueStr(int(p)))
								}
							}
							first.Release()
						}
						buf.Release()
						if inPlace {
							key.Release()
						}
						a.Release()
					}
				}
			}
		}
	}
}
