package str

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// The expected values below are written from the Spark rules quoted in each
// kernel's file comment (stringExpressions.scala, UTF8String), not from this code.

type binCase struct{ a, b, want any }

// runBinary checks every case over batch sizes 1, 7 and 8192 (slices with
// non-zero offsets), with NULL rows and without, with a checked allocator.
func runBinary(t *testing.T, f func(memory.Allocator, arrow.Array, arrow.Array) (arrow.Array, error), cases []binCase) {
	t.Helper()
	for _, nulls := range []bool{false, true} {
		var as, bs, wants []any
		for i := 0; i < 8192+13; i++ {
			c := cases[i%len(cases)]
			if nulls && i%5 == 2 {
				c = binCase{nil, c.b, nil}
			}
			if nulls && i%7 == 3 {
				c = binCase{c.a, nil, nil}
			}
			as, bs, wants = append(as, c.a), append(bs, c.b), append(wants, c.want)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		la := kerneltest.Build(mem, types.StringType, as)
		ra := kerneltest.Build(mem, types.StringType, bs)
		for _, size := range kerneltest.BatchSizes {
			for _, start := range []int{0, 3} {
				end := min(start+size, len(as))
				l, r := kerneltest.Slice(la, start, end), kerneltest.Slice(ra, start, end)
				got, err := f(mem, l, r)
				if err != nil {
					t.Fatal(err)
				}
				kerneltest.Check(t, got, wants[start:end])
				got.Release()
				l.Release()
				r.Release()
			}
		}
		la.Release()
		ra.Release()
		mem.AssertSize(t, 0)
	}
}

func TestStartsWith(t *testing.T) {
	runBinary(t, StartsWith, []binCase{
		{"abc", "ab", true}, {"abc", "abc", true}, {"abc", "abcd", false}, {"abc", "", true},
		{"", "", true}, {"", "a", false}, {"été", "é", true}, {"été", "e", false},
		{"日本語", "日本", true}, {"😀x", "😀", true}, {" a", "a", false}, {"ß", "s", false},
		{"\xff\xfeab", "\xff", true}, {"Abc", "a", false},
	})
}

func TestEndsWith(t *testing.T) {
	runBinary(t, EndsWith, []binCase{
		{"abc", "bc", true}, {"abc", "abc", true}, {"abc", "xabc", false}, {"abc", "", true},
		{"", "", true}, {"", "a", false}, {"café", "é", true}, {"日本語", "本語", true},
		{"x😀", "😀", true}, {"a ", "a", false}, {"ab\xff", "\xff", true}, {"abC", "c", false},
	})
}

func TestContains(t *testing.T) {
	runBinary(t, Contains, []binCase{
		{"abc", "b", true}, {"abc", "abc", true}, {"abc", "abcd", false}, {"abc", "", true},
		{"", "", true}, {"", "a", false}, {"naïve", "ïv", true}, {"日本語", "本", true},
		{"a😀b", "😀", true}, {" a ", " ", true}, {"a\xffb", "\xff", true}, {"abc", "B", false},
		// bytes, not characters: the second byte of 'é' (C3 A9) is found.
		{"é", "\xa9", true},
	})
}

func TestLength(t *testing.T) {
	type c struct{ in, want any }
	strCases := []c{
		{"", int32(0)}, {"a", int32(1)}, {"abc", int32(3)}, {" a ", int32(3)},
		{"é", int32(1)}, {"ß", int32(1)}, {"日本", int32(2)}, {"😀", int32(1)}, {"a😀é日", int32(4)},
		// invalid UTF-8, counted by numBytesForFirstByte: continuation bytes,
		// C0/C1 and F5..FF count one each; a lead byte swallows what follows,
		// a truncated last character counts one.
		{"\x80\xbf", int32(2)}, {"\xc0\xc1", int32(2)}, {"\xff\xf5", int32(2)},
		{"\xe6\x97", int32(1)}, {"\xe6ab", int32(1)}, {"a\xf0", int32(2)},
	}
	binCases := []c{{[]byte{}, int32(0)}, {[]byte("é"), int32(2)}, {[]byte("日本"), int32(6)}, {[]byte{0xff, 0}, int32(2)}}
	for _, tc := range []struct {
		typ   types.DataType
		cases []c
	}{{types.StringType, strCases}, {types.BinaryType, binCases}} {
		for _, nulls := range []bool{false, true} {
			var ins, wants []any
			for i := 0; i < 8192+13; i++ {
				x := tc.cases[i%len(tc.cases)]
				if nulls && i%5 == 2 {
					x = c{nil, nil}
				}
				ins, wants = append(ins, x.in), append(wants, x.want)
			}
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			arr := kerneltest.Build(mem, tc.typ, ins)
			for _, size := range kerneltest.BatchSizes {
				for _, start := range []int{0, 5} {
					end := min(start+size, len(ins))
					s := kerneltest.Slice(arr, start, end)
					got, err := Length(mem, s)
					if err != nil {
						t.Fatal(err)
					}
					kerneltest.Check(t, got, wants[start:end])
					got.Release()
					s.Release()
				}
			}
			arr.Release()
			mem.AssertSize(t, 0)
		}
	}
}

func TestUnsupportedType(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	a := kerneltest.Build(mem, types.IntType, []any{int32(1)})
	if _, err := Length(mem, a); err == nil {
		t.Error("Length on int: want an error")
	}
	if _, err := StartsWith(mem, a, a); err == nil {
		t.Error("StartsWith on int: want an error")
	}
	a.Release()
	mem.AssertSize(t, 0)
}
