package conditional

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// literalCase is a type the literal path covers and how to make a random value of it.
type literalCase struct {
	typ  types.DataType
	make func(r *rand.Rand) any
}

var literalCases = []literalCase{
	{types.ByteType, func(r *rand.Rand) any { return int8(r.Intn(40) - 20) }},
	{types.ShortType, func(r *rand.Rand) any { return int16(r.Intn(40) - 20) }},
	{types.IntType, func(r *rand.Rand) any { return int32(r.Intn(40) - 20) }},
	{types.DateType, func(r *rand.Rand) any { return int32(r.Intn(40)) }},
	{types.LongType, func(r *rand.Rand) any { return int64(r.Intn(40)) << 33 }},
	{types.TimestampType, func(r *rand.Rand) any { return int64(r.Intn(40)) }},
	{types.StringType, func(r *rand.Rand) any { return fmt.Sprintf("s%d", r.Intn(40))[:1+r.Intn(2)] + "é"[:r.Intn(2)*2] }},
	{types.BinaryType, func(r *rand.Rand) any { return []byte(fmt.Sprintf("%d", r.Intn(40))) }},
}

// The literal path answers as the row-by-row path, for short (scanned) and long
// (hashed) lists, with and without a NULL item, over NULL values and sliced arrays.
func TestInLiteralsMatchesRowByRow(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for _, c := range literalCases {
		for _, listLen := range []int{1, 3, scanLimit, scanLimit + 1, 25} {
			for _, withNull := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%d/%v", c.typ, listLen, withNull), func(t *testing.T) {
					mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
					defer mem.AssertSize(t, 0)
					items := make([]Item, listLen)
					for i := range items {
						items[i] = Item{Scalar: c.make(r)}
					}
					if withNull {
						items[r.Intn(listLen)] = Item{}
					}
					vals := make([]any, 3000)
					for i := range vals {
						if r.Intn(6) > 0 {
							vals[i] = c.make(r)
						}
					}
					whole := kerneltest.Build(mem, c.typ, vals)
					defer whole.Release()
					for _, bounds := range [][2]int64{{0, 3000}, {17, 2999}, {1500, 1500}, {8, 9}} {
						value := array.NewSlice(whole, bounds[0], bounds[1])
						got, ok := inLiterals(mem, c.typ, value, items)
						if !ok {
							t.Fatalf("%s: literal path not taken", c.typ)
						}
						want, err := inItems(mem, c.typ, value, items)
						if err != nil {
							t.Fatal(err)
						}
						if !array.Equal(got, want) {
							t.Fatalf("slice %v: literal path %v, row by row %v", bounds, got, want)
						}
						got.Release()
						want.Release()
						value.Release()
					}
				})
			}
		}
	}
}

// A list with a column in it takes the row-by-row path.
func TestInLiteralsDeclinesColumns(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	a := kerneltest.Build(mem, types.IntType, []any{int32(1)})
	defer a.Release()
	if _, ok := inLiterals(mem, types.IntType, a, []Item{{Scalar: int32(1)}, {Array: a}}); ok {
		t.Fatal("a list with a column took the literal path")
	}
	if _, ok := inLiterals(mem, types.DoubleType, a, []Item{{Scalar: 1.0}}); ok {
		t.Fatal("doubles took the literal path")
	}
}

// BenchmarkInStrings is `s IN ('AIR', 'AIR REG')` (TPC-H q19's shape) over 1M
// strings, the literal path against the row-by-row one.
func BenchmarkInStrings(b *testing.B) {
	modes := []string{"AIR", "AIR REG", "MAIL", "SHIP", "TRUCK", "RAIL", "FOB"}
	for _, nulls := range []bool{false, true} {
		vals := make([]any, 1<<20)
		bytes := 0
		for i := range vals {
			if nulls && i%7 == 3 {
				continue
			}
			vals[i] = modes[i%len(modes)]
			bytes += len(modes[i%len(modes)])
		}
		mem := memory.NewGoAllocator()
		a := kerneltest.Build(mem, types.StringType, vals)
		items := []Item{{Scalar: "AIR"}, {Scalar: "AIR REG"}}
		for _, path := range []string{"literals", "rowByRow"} {
			b.Run(fmt.Sprintf("%s/nulls=%v", path, nulls), func(b *testing.B) {
				b.SetBytes(int64(bytes))
				for i := 0; i < b.N; i++ {
					var out interface{ Release() }
					if path == "literals" {
						out, _ = inLiterals(mem, types.StringType, a, items)
					} else {
						out, _ = inItems(mem, types.StringType, a, items)
					}
					out.Release()
				}
			})
		}
		a.Release()
	}
}
