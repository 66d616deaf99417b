package str

import (
	"bytes"
	"math"
	"math/rand"
	"testing"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// The edge cases of TestOracle come from Spark itself; these tests add NULL
// rows, slices with offsets, batch sizes and the checked allocator.

type unCase struct{ in, want any }

// runUnary checks f over the cases with and without NULL rows, over slices.
func runUnary(t *testing.T, typ types.DataType, f func(memory.Allocator, arrow.Array) (arrow.Array, error), cases []unCase) {
	t.Helper()
	for _, nulls := range []bool{false, true} {
		var ins, wants []any
		for i := 0; i < 8192+13; i++ {
			c := cases[i%len(cases)]
			if nulls && i%5 == 2 {
				c = unCase{nil, nil}
			}
			ins, wants = append(ins, c.in), append(wants, c.want)
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		arr := kerneltest.Build(mem, typ, ins)
		for _, size := range kerneltest.BatchSizes {
			for _, start := range []int{0, 5} {
				end := min(start+size, len(ins))
				s := kerneltest.Slice(arr, start, end)
				got, err := f(mem, s)
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

func TestUpperLower(t *testing.T) {
	runUnary(t, types.StringType, Upper, []unCase{
		{"", ""}, {"abc", "ABC"}, {"a\x00b", "A\x00B"}, {"ß", "SS"}, {"straße", "STRASSE"},
		{"ﬃ", "FFI"}, {"ΐ", "\u0399\u0308\u0301"}, {"é", "É"}, {"e\u0301", "E\u0301"}, {"日本語", "日本語"},
		{"😀", "😀"}, {"𐐨", "𐐀"}, {"a\xffb", "A\xffB"}, {"é\xff", "É\uFFFD"}, {"\xe6\x97a", "\uFFFDA"},
	})
	runUnary(t, types.StringType, Lower, []unCase{
		{"", ""}, {"ABC", "abc"}, {"İ", "i\u0307"}, {"ΣΑΣ", "σας"}, {"ΑΣ ΑΣ.", "ας ας."}, {"Σ", "σ"},
		{"ΑΣΑ", "ασα"}, {"É", "é"}, {"𐐀", "𐐨"}, {"A\xffB", "a\xffb"}, {"Σ\xff", "σ\uFFFD"}, {"K", "k"},
	})
}

func TestTrims(t *testing.T) {
	spaces := []unCase{{"", ""}, {"  a b  ", "a b"}, {"\ta\t", "\ta\t"}, {"   ", ""}, {" 日 ", "日"}}
	runUnary(t, types.StringType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return StringTrim(m, a, nil) }, spaces)
	runUnary(t, types.StringType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return StringTrimLeft(m, a, nil) },
		[]unCase{{"", ""}, {"  a  ", "a  "}, {"   ", ""}})
	runUnary(t, types.StringType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return StringTrimRight(m, a, nil) },
		[]unCase{{"", ""}, {"  a  ", "  a"}, {"   ", ""}})
	runBinary(t, StringTrim, []binCase{
		{"xxaxx", "x", "a"}, {"SSparkSQLS", "SL", "parkSQ"}, {"abc", "", "abc"}, {"", "a", ""},
		{"ééaé", "é", "a"}, {"\xa9a", "é", "a"}, {"日a本", "本日", "a"},
	})
	runBinary(t, StringTrimLeft, []binCase{{"SSparkSQLS", "SL", "parkSQLS"}, {"aaa", "a", ""}})
	runBinary(t, StringTrimRight, []binCase{{"SSparkSQLS", "SL", "SSparkSQ"}, {"aaa", "a", ""}})
}

func TestSubstringScalar(t *testing.T) {
	for _, tc := range []struct {
		pos, length int32
		cases       []unCase
	}{
		{1, 2, []unCase{{"", ""}, {"abc", "ab"}, {"日本語", "日本"}, {"😀x", "😀x"}}},
		{-2, 1 << 30, []unCase{{"abc", "bc"}, {"a", "a"}, {"日本語", "本語"}}},
		{0, 2, []unCase{{"abc", "ab"}}},
		{2, -1, []unCase{{"abc", ""}}},
		{-5, 3, []unCase{{"abc", "a"}}},
	} {
		runUnary(t, types.StringType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) {
			return SubstringScalar(m, a, tc.pos, tc.length)
		}, tc.cases)
	}
	// binary: bytes
	runUnary(t, types.BinaryType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) {
		return SubstringScalar(m, a, -2, 1)
	}, []unCase{{[]byte("abc"), []byte("b")}, {[]byte{}, []byte{}}, {[]byte("é"), []byte{0xc3}}})
	runUnary(t, types.BinaryType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) {
		return SubstringScalar(m, a, 4, 2)
	}, []unCase{{[]byte("abc"), []byte{}}, {[]byte("abcdef"), []byte("de")}})
}

func TestConcat(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	a := kerneltest.Build(mem, types.StringType, []any{"a", "", nil, "日", "x"})
	b := kerneltest.Build(mem, types.StringType, []any{"b", "", "c", "本", nil})
	got, err := Concat(mem, []arrow.Array{a, b, a})
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{"aba", "", nil, "日本日", nil})
	got.Release()
	sa, sb := kerneltest.Slice(a, 3, 5), kerneltest.Slice(b, 3, 5)
	got, err = Concat(mem, []arrow.Array{sb, sa})
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{"本日", nil})
	for _, x := range []arrow.Array{got, sa, sb, a, b} {
		x.Release()
	}
	x := kerneltest.Build(mem, types.BinaryType, []any{[]byte{0}, []byte{0xff}, nil})
	got, err = Concat(mem, []arrow.Array{x, x})
	if err != nil {
		t.Fatal(err)
	}
	kerneltest.Check(t, got, []any{[]byte{0, 0}, []byte{0xff, 0xff}, nil})
	got.Release()
	x.Release()
	mem.AssertSize(t, 0)
}

func TestLike(t *testing.T) {
	for _, tc := range []struct {
		pat   string
		esc   rune
		cases []unCase
	}{
		{"abc%", '\\', []unCase{{"abcd", true}, {"ab", false}, {"", false}, {"abc", true}}},
		{"%abc", '\\', []unCase{{"xabc", true}, {"abcx", false}, {"abc", true}}},
		{"%abc%", '\\', []unCase{{"xabcx", true}, {"ab", false}, {"xxabxabcx", true}}},
		{"a_c", '\\', []unCase{{"abc", true}, {"a日c", true}, {"ac", false}, {"a\nc", true}, {"a\xffc", true}, {"a\xe6\x97c", true}, {"a\xe6\x97\xffc", false}}},
		{"%a_%_c%", '\\', []unCase{{"xaXYcx", true}, {"acc", false}, {"aXc", false}, {"a😀😀c", true}}},
		{"a\\%b", '\\', []unCase{{"a%b", true}, {"axb", false}}},
		{"a#_b%", '#', []unCase{{"a_bc", true}, {"axb", false}}},
		{"", '\\', []unCase{{"", true}, {"a", false}}},
		{"%", '\\', []unCase{{"", true}, {"abc", true}}},
		{"_%_", '\\', []unCase{{"a", false}, {"ab", true}, {"日本", true}}},
		{"%\uFFFD%", '\\', []unCase{{"a\xffb", true}, {"ab", false}, {"\uFFFD", true}}},
	} {
		p, err := CompileLike(tc.pat, tc.esc)
		if err != nil {
			t.Fatal(err)
		}
		runUnary(t, types.StringType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return Like(m, a, p) }, tc.cases)
	}
	for _, bad := range []string{"a\\", "a\\b"} {
		if _, err := CompileLike(bad, '\\'); err == nil {
			t.Errorf("CompileLike(%q): want an error", bad)
		}
	}
}

func TestScalarPredicates(t *testing.T) {
	runUnary(t, types.StringType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) {
		return ContainsScalar(m, a, []byte("ab"))
	},
		[]unCase{{"", false}, {"ab", true}, {"a", false}, {"b", false}, {"xxab", true}, {"aab", true}, {"ba", false}})
	runUnary(t, types.StringType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return ContainsScalar(m, a, nil) },
		[]unCase{{"", true}, {"x", true}})
	runUnary(t, types.StringType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) {
		return StartsWithScalar(m, a, []byte("ab"))
	},
		[]unCase{{"", false}, {"ab", true}, {"abc", true}, {"a", false}, {"xab", false}})
	runUnary(t, types.StringType, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) {
		return EndsWithScalar(m, a, []byte("ab"))
	},
		[]unCase{{"", false}, {"ab", true}, {"cab", true}, {"b", false}, {"abx", false}})
}

// TestCaseTableGrowth: the case mapping kernels reserve 3 bytes of output per
// input byte before appending.
func TestCaseTableGrowth(t *testing.T) {
	for _, tab := range []struct {
		keys []uint32
		ends []uint16
		pool string
	}{{upperKeys[:], upperEnds[:], upperPool}, {lowerKeys[:], lowerEnds[:], lowerPool}} {
		for _, k := range tab.keys {
			m, _ := mapRune(tab.keys, tab.ends, tab.pool, rune(k))
			if len(m) > 3*utf8.RuneLen(rune(k)) {
				t.Errorf("U+%04X maps to %d bytes", k, len(m))
			}
		}
	}
}

// TestScalarPredicatesRandom compares the scalar kernels with the byte
// functions over random strings of a small alphabet (dense and rare matches,
// both paths of containsScalar), patterns of 1 to 10 bytes.
func TestScalarPredicatesRandom(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	for _, alphabet := range []string{"ab", "abcdefgh", "abcdefghijklmnopqrstuvwxyz0123456789"} {
		vals := make([]any, 3000)
		for i := range vals {
			if i%11 == 3 {
				continue
			}
			b := make([]byte, rnd.Intn(24))
			for k := range b {
				b[k] = alphabet[rnd.Intn(len(alphabet))]
			}
			vals[i] = string(b)
		}
		arr := kerneltest.Build(mem, types.StringType, vals)
		for m := 1; m <= 10; m++ {
			pat := make([]byte, m)
			for k := range pat {
				pat[k] = alphabet[rnd.Intn(len(alphabet))]
			}
			for _, tc := range []struct {
				f   func(memory.Allocator, arrow.Array, []byte) (arrow.Array, error)
				ref func(s, p []byte) bool
			}{{ContainsScalar, bytes.Contains}, {StartsWithScalar, bytes.HasPrefix}, {EndsWithScalar, bytes.HasSuffix}} {
				for _, start := range []int{0, 7} {
					s := kerneltest.Slice(arr, start, len(vals))
					got, err := tc.f(mem, s, pat)
					if err != nil {
						t.Fatal(err)
					}
					want := make([]any, 0, len(vals)-start)
					for _, v := range vals[start:] {
						if v == nil {
							want = append(want, nil)
						} else {
							want = append(want, tc.ref([]byte(v.(string)), pat))
						}
					}
					kerneltest.Check(t, got, want)
					got.Release()
					s.Release()
				}
			}
		}
		arr.Release()
	}
	mem.AssertSize(t, 0)
}

// TestCaseBytes: the 8-byte case flip agrees with the byte rule for every
// byte value in every lane, next to every other kind of byte.
func TestCaseBytes(t *testing.T) {
	for _, r := range []struct{ first, last byte }{{'a', 'z'}, {'A', 'Z'}} {
		for b := 0; b < 256; b++ {
			for _, fill := range []byte{0, 'a', 'Z', 0x7F, 0x80, 0xFF, '`', '{', '@', '['} {
				for lane := 0; lane < 8; lane++ {
					src := bytes.Repeat([]byte{fill}, 11)
					src[lane] = byte(b)
					dst := make([]byte, len(src))
					caseBytes(dst, src, r.first, r.last)
					for i, c := range src {
						want := c
						if c >= r.first && c <= r.last {
							want ^= 0x20
						}
						if dst[i] != want {
							t.Fatalf("%q..%q: byte %#x (fill %#x, lane %d) at %d: got %#x, want %#x", r.first, r.last, b, fill, lane, i, dst[i], want)
						}
					}
				}
			}
		}
	}
}

// TestSubstringOneByte: the one-byte-character shortcut agrees with
// substringSQL on ASCII values for every position and length shape.
func TestSubstringOneByte(t *testing.T) {
	vals := []int32{math.MinInt32, math.MinInt32 + 1, -100, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 100, math.MaxInt32 - 1, math.MaxInt32}
	for n := 0; n <= 5; n++ {
		s := bytes.Repeat([]byte{'x'}, n)
		for _, p := range vals {
			for _, l := range vals {
				f1, t1 := substringSQL(s, p, l)
				f2, t2 := substringSQLOneByte(n, p, l)
				if t1-f1 != t2-f2 || (t1 > f1 && f1 != f2) {
					t.Errorf("n=%d pos=%d len=%d: substringSQL [%d,%d), one-byte [%d,%d)", n, p, l, f1, t1, f2, t2)
				}
			}
		}
	}
}
