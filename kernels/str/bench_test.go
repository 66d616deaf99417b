package str

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// The benchmarks run over 8192 short strings (about 11 bytes), with and
// without NULLs (every 5th row); b.SetBytes counts the input string bytes and
// Mstrings/s the rows per second.

const benchRows = 8192

var benchWords = []string{"ember-0001", "abc-short", "xyzabcxyz", "hello world", "a", "", "SPARK sql", "no-match-here"}
var benchWordsMixed = []string{"ember-0001", "abc-short", "xyzabcxyz", "日本語abc", "a", "", "café-abc-x", "no-match-here"}

func benchStrings(words []string, nulls bool) ([]any, int) {
	vals := make([]any, benchRows)
	total := 0
	for i := range vals {
		if nulls && i%5 == 2 {
			continue
		}
		w := fmt.Sprintf("%s%d", words[i%len(words)], i%10)
		vals[i] = w
		total += len(w)
	}
	return vals, total
}

func benchKernel(b *testing.B, name string, words []string, f func(memory.Allocator, arrow.Array) (arrow.Array, error)) {
	for _, nulls := range []bool{false, true} {
		vals, total := benchStrings(words, nulls)
		mem := memory.NewGoAllocator()
		a := kerneltest.Build(mem, types.StringType, vals)
		b.Run(fmt.Sprintf("%s/nulls=%v", name, nulls), func(b *testing.B) {
			b.SetBytes(int64(total))
			for b.Loop() {
				out, err := f(mem, a)
				if err != nil {
					b.Fatal(err)
				}
				out.Release()
			}
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mstrings/s")
		})
		a.Release()
	}
}

// BenchmarkStringPredicates: StartsWith, EndsWith, Contains with a column of
// patterns (the general kernels) and with a constant pattern (the scalar
// kernels, what LIKE 'abc%', '%abc' and '%abc%' run), and Length.
func BenchmarkStringPredicates(b *testing.B) {
	mem := memory.NewGoAllocator()
	pats := make([]any, benchRows)
	for i := range pats {
		pats[i] = "abc"
	}
	r := kerneltest.Build(mem, types.StringType, pats)
	defer r.Release()
	for _, bc := range []struct {
		name string
		f    func(memory.Allocator, arrow.Array, arrow.Array) (arrow.Array, error)
	}{{"StartsWith", StartsWith}, {"EndsWith", EndsWith}, {"Contains", Contains}} {
		benchKernel(b, bc.name+"/column", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return bc.f(m, a, r) })
	}
	pat := []byte("abc")
	benchKernel(b, "StartsWith/scalar", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return StartsWithScalar(m, a, pat) })
	benchKernel(b, "EndsWith/scalar", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return EndsWithScalar(m, a, pat) })
	benchKernel(b, "Contains/scalar", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return ContainsScalar(m, a, pat) })
	rare := []byte("zq")
	benchKernel(b, "Contains/scalar-rare", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return ContainsScalar(m, a, rare) })
	benchKernel(b, "Length/mixed", benchWordsMixed, Length)
	benchKernel(b, "Length/ascii", benchWords, Length)
}

func BenchmarkCase(b *testing.B) {
	benchKernel(b, "Upper/ascii", benchWords, Upper)
	benchKernel(b, "Lower/ascii", benchWords, Lower)
	benchKernel(b, "Upper/mixed", benchWordsMixed, Upper)
	benchKernel(b, "Lower/mixed", benchWordsMixed, Lower)
}

func BenchmarkSubstring(b *testing.B) {
	benchKernel(b, "ascii/pos=2,len=3", benchWords, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return SubstringScalar(m, a, 2, 3) })
	benchKernel(b, "pos=2,len=3", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return SubstringScalar(m, a, 2, 3) })
	benchKernel(b, "pos=-3", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) {
		return SubstringScalar(m, a, -3, 1<<31-1)
	})
}

func BenchmarkConcat(b *testing.B) {
	benchKernel(b, "two", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return Concat(m, []arrow.Array{a, a}) })
}

func BenchmarkTrim(b *testing.B) {
	benchKernel(b, "StringTrim/spaces", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return StringTrim(m, a, nil) })
	mem := memory.NewGoAllocator()
	chars := make([]any, benchRows)
	for i := range chars {
		chars[i] = "e0"
	}
	t := kerneltest.Build(mem, types.StringType, chars)
	defer t.Release()
	benchKernel(b, "StringTrim/chars-column", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return StringTrim(m, a, t) })
	benchKernel(b, "StringTrim/chars-const", benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) {
		return StringTrimConst(m, a, []byte("e0"))
	})
}

func BenchmarkLike(b *testing.B) {
	for _, p := range []string{"abc%", "%abc%", "%abc", "a_c%", "%b_c%", "%a%c%"} {
		pat, err := CompileLike(p, '\\')
		if err != nil {
			b.Fatal(err)
		}
		benchKernel(b, p, benchWordsMixed, func(m memory.Allocator, a arrow.Array) (arrow.Array, error) { return Like(m, a, pat) })
	}
}
