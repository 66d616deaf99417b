package order

import (
	"bytes"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// refCompare is Spark's ascending comparison of two non-NULL values, written
// directly from SQLOrderingUtil, UTF8String.compareTo and Decimal.compare.
func refCompare(a, b any) int {
	sign := func(less, greater bool) int {
		if less {
			return -1
		}
		if greater {
			return 1
		}
		return 0
	}
	switch x := a.(type) {
	case bool:
		y := b.(bool)
		return sign(!x && y, x && !y)
	case int8:
		return sign(x < b.(int8), x > b.(int8))
	case int16:
		return sign(x < b.(int16), x > b.(int16))
	case int32:
		return sign(x < b.(int32), x > b.(int32))
	case int64:
		return sign(x < b.(int64), x > b.(int64))
	case float32:
		return refDouble(float64(x), float64(b.(float32)))
	case float64:
		return refDouble(x, b.(float64))
	case decimal128.Num:
		return x.BigInt().Cmp(b.(decimal128.Num).BigInt())
	case string:
		return bytes.Compare([]byte(x), []byte(b.(string)))
	case []byte:
		return bytes.Compare(x, b.([]byte))
	}
	panic(fmt.Sprintf("no reference comparison for %T", a))
}

// refDouble: if (x == y) 0 else java.lang.Double.compare(x, y).
func refDouble(x, y float64) int {
	if x == y {
		return 0
	}
	// Double.compare orders by doubleToLongBits after < and >; NaN is canonical.
	if x < y {
		return -1
	}
	if x > y {
		return 1
	}
	xb, yb := int64(math.Float64bits(x)), int64(math.Float64bits(y))
	if x != x {
		xb = 0x7ff8000000000000
	}
	if y != y {
		yb = 0x7ff8000000000000
	}
	switch {
	case xb < yb:
		return -1
	case xb > yb:
		return 1
	}
	return 0
}

func refSort(cols [][]any, specs []Key) []uint32 {
	n := len(cols[0])
	perm := make([]uint32, n)
	for i := range perm {
		perm[i] = uint32(i)
	}
	sort.SliceStable(perm, func(p, q int) bool {
		i, j := perm[p], perm[q]
		for k, c := range cols {
			a, b := c[i], c[j]
			var r int
			switch {
			case a == nil && b == nil:
				r = 0
			case a == nil:
				r = 1
				if specs[k].NullsFirst {
					r = -1
				}
			case b == nil:
				r = -1
				if specs[k].NullsFirst {
					r = 1
				}
			default:
				r = refCompare(a, b)
				if specs[k].Descending {
					r = -r
				}
			}
			if r != 0 {
				return r < 0
			}
		}
		return false
	})
	return perm
}

var edge = map[types.ID][]any{
	types.Boolean: {true, false, nil},
	types.Byte:    {int8(0), int8(-1), int8(1), int8(math.MinInt8), int8(math.MaxInt8), nil},
	types.Short:   {int16(0), int16(-1), int16(300), int16(math.MinInt16), int16(math.MaxInt16), nil},
	types.Int:     {int32(0), int32(-1), int32(7), int32(math.MinInt32), int32(math.MaxInt32), nil},
	types.Long:    {int64(0), int64(-1), int64(1 << 40), int64(math.MinInt64), int64(math.MaxInt64), nil},
	types.Float: {float32(0), float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
		float32(-1.5), float32(1e-40), float32(math.MaxFloat32), float32(-math.MaxFloat32), nil, float32(math.Float32frombits(0xffc00001))},
	types.Double: {0.0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), -1.5, 5e-324, math.MaxFloat64,
		-math.MaxFloat64, nil, math.Float64frombits(0xfff8000000000001), 2.5},
	types.String:    {"", "a", "a\x00", "ab", "abcdefgh", "abcdefghi", "abcdefgh\x00", "é", "\uffff", "Z", "zzzzzzzzzzzz", nil},
	types.Binary:    {[]byte{}, []byte{0}, []byte{0xff}, []byte{0x7f, 1}, []byte{0x80}, []byte("abcdefghij"), nil},
	types.Date:      {int32(0), int32(-719162), int32(2932896), int32(-1), nil},
	types.Timestamp: {int64(0), int64(-1), int64(math.MinInt64), int64(math.MaxInt64), int64(1700000000000000), nil},
}

func decimalEdge(p int32) []any {
	if p <= 18 {
		return []any{kerneltest.Dec(0), kerneltest.Dec(-1), kerneltest.Dec(999999999999999999), kerneltest.Dec(-999999999999999999), kerneltest.Dec(12345), nil}
	}
	return []any{kerneltest.Dec(0), kerneltest.Dec(-1), kerneltest.DecStr("99999999999999999999999999999999999999"),
		kerneltest.DecStr("-99999999999999999999999999999999999999"), kerneltest.DecStr("9223372036854775807"),
		kerneltest.DecStr("9223372036854775808"), kerneltest.DecStr("-9223372036854775808"), kerneltest.DecStr("-9223372036854775809"),
		kerneltest.DecStr("18446744073709551616"), kerneltest.Dec(math.MaxInt64), nil}
}

type keyType struct {
	t    types.DataType
	vals []any
}

func keyTypes() []keyType {
	var out []keyType
	for _, id := range []types.ID{types.Boolean, types.Byte, types.Short, types.Int, types.Long, types.Float, types.Double,
		types.String, types.Binary, types.Date, types.Timestamp} {
		out = append(out, keyType{types.DataType{ID: id}, edge[id]})
	}
	out = append(out, keyType{types.DataType{ID: types.Decimal, Precision: 10, Scale: 2}, decimalEdge(10)})
	out = append(out, keyType{types.DataType{ID: types.Decimal, Precision: 38, Scale: 0}, decimalEdge(38)})
	return out
}

func randomColumn(r *rand.Rand, vals []any, n int, withNulls bool) []any {
	out := make([]any, n)
	for i := range out {
		v := vals[r.Intn(len(vals))]
		for v == nil && !withNulls {
			v = vals[r.Intn(len(vals))]
		}
		out[i] = v
	}
	return out
}

var allSpecs = []Key{{false, true}, {false, false}, {true, true}, {true, false}}

func checkSort(t *testing.T, mem memory.Allocator, ts []types.DataType, cols [][]any, specs []Key) {
	t.Helper()
	arrs := make([]arrow.Array, len(cols))
	for i, c := range cols {
		arrs[i] = kerneltest.Build(mem, ts[i], c)
		defer arrs[i].Release()
	}
	buf, perm, err := Sort(mem, arrs, specs)
	if err != nil {
		t.Fatal(err)
	}
	defer buf.Release()
	want := refSort(cols, specs)
	for i := range want {
		if perm[i] != want[i] {
			t.Fatalf("%v %v: position %d: got row %d (%v), want row %d (%v)", ts, specs, i, perm[i], cols[0][perm[i]], want[i], cols[0][want[i]])
		}
	}
}

func TestSortOneKey(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewSource(1))
	for _, kt := range keyTypes() {
		for _, spec := range allSpecs {
			for _, n := range []int{0, 1, 2, 5, 100, 300, 3000} {
				for _, nulls := range []bool{false, true} {
					col := randomColumn(r, kt.vals, n, nulls)
					checkSort(t, mem, []types.DataType{kt.t}, [][]any{col}, []Key{spec})
				}
			}
		}
	}
}

func TestSortTwoKeys(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewSource(2))
	kts := keyTypes()
	for _, k1 := range kts {
		k2 := kts[r.Intn(len(kts))]
		for _, s1 := range allSpecs {
			s2 := allSpecs[r.Intn(len(allSpecs))]
			for _, n := range []int{50, 1000} {
				cols := [][]any{randomColumn(r, k1.vals, n, true), randomColumn(r, k2.vals, n, n > 100)}
				checkSort(t, mem, []types.DataType{k1.t, k2.t}, cols, []Key{s1, s2})
			}
		}
	}
}

// TestSortMostlyNull: the NULL rows outnumber the radix sort's scratch space.
func TestSortMostlyNull(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	n := 2000
	c1, c2 := make([]any, n), make([]any, n)
	for i := range c1 {
		if i%100 == 0 {
			c1[i] = int64(n - i)
		}
		c2[i] = int32((i * 7919) % 13)
	}
	for _, s := range allSpecs {
		checkSort(t, mem, []types.DataType{types.LongType, types.IntType}, [][]any{c1, c2}, []Key{s, {Descending: true}})
	}
}

func TestSortSliced(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewSource(3))
	vals := randomColumn(r, edge[types.Double], 1000, true)
	strs := randomColumn(r, edge[types.String], 1000, true)
	da := kerneltest.Build(mem, types.DoubleType, vals)
	defer da.Release()
	sa := kerneltest.Build(mem, types.StringType, strs)
	defer sa.Release()
	kerneltest.Sliced(1000, func(start, end int) {
		d, s := kerneltest.Slice(da, start, end), kerneltest.Slice(sa, start, end)
		defer d.Release()
		defer s.Release()
		specs := []Key{{NullsFirst: true}, {Descending: true}}
		buf, perm, err := Sort(mem, []arrow.Array{d, s}, specs)
		if err != nil {
			t.Fatal(err)
		}
		defer buf.Release()
		want := refSort([][]any{vals[start:end], strs[start:end]}, specs)
		for i := range want {
			if perm[i] != want[i] {
				t.Fatalf("[%d:%d] position %d: got %d, want %d", start, end, i, perm[i], want[i])
			}
		}
	})
}

// TestSortLongStrings: strings sharing long prefixes, zero bytes and lengths
// around the 8-byte words, with a second key.
func TestSortLongStrings(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewSource(4))
	n := 5000
	strs, ints := make([]any, n), make([]any, n)
	for i := range strs {
		b := []byte("customer#0000000")[:r.Intn(17)]
		for j := 0; j < r.Intn(4); j++ {
			b = append(b, byte("\x00a\xff"[r.Intn(3)]))
		}
		strs[i] = string(b)
		if r.Intn(20) == 0 {
			strs[i] = nil
		}
		ints[i] = int32(r.Intn(3))
	}
	for _, s1 := range allSpecs {
		for _, s2 := range allSpecs[:2] {
			checkSort(t, mem, []types.DataType{types.StringType, types.IntType}, [][]any{strs, ints}, []Key{s1, s2})
			checkSort(t, mem, []types.DataType{types.IntType, types.StringType}, [][]any{ints, strs}, []Key{s2, s1})
		}
	}
}

// TestSortLarge: enough rows for the MSD pass of the radix sort, with
// duplicates, NULLs and a second key.
func TestSortLarge(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	r := rand.New(rand.NewSource(5))
	n := 100_000
	c1, c2 := make([]any, n), make([]any, n)
	for i := range c1 {
		switch r.Intn(50) {
		case 0:
			c1[i] = nil
		case 1:
			c1[i] = int64(42)
		default:
			c1[i] = r.Int63() - r.Int63()
		}
		c2[i] = float64(r.Intn(5))
	}
	checkSort(t, mem, []types.DataType{types.LongType}, [][]any{c1}, []Key{{}})
	checkSort(t, mem, []types.DataType{types.LongType, types.DoubleType}, [][]any{c1, c2}, []Key{{Descending: true, NullsFirst: true}, {Descending: true}})
}
