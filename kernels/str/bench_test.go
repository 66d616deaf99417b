package str

import (
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kerneltest"
	"github.com/ember-spark/ember/sparkplan/types"
)

// BenchmarkStringPredicates measures LIKE 'abc%' (StartsWith) and LIKE '%abc%'
// (Contains) on short strings, the pattern a column of one repeated value as
// the evaluator materializes a literal argument. b.SetBytes counts the input
// string bytes; strings/s is reported separately.
func BenchmarkStringPredicates(b *testing.B) {
	const n = 8192
	words := []string{"ember-0001", "abc-short", "xyzabcxyz", "日本語abc", "a", "", "café-abc-x", "no-match-here"}
	vals, pats := make([]any, n), make([]any, n)
	total := 0
	for i := range vals {
		w := fmt.Sprintf("%s%d", words[i%len(words)], i%10)
		vals[i], pats[i] = w, "abc"
		total += len(w)
	}
	mem := memory.NewGoAllocator()
	l := kerneltest.Build(mem, types.StringType, vals)
	r := kerneltest.Build(mem, types.StringType, pats)
	defer l.Release()
	defer r.Release()
	for _, bc := range []struct {
		name string
		f    func(memory.Allocator, arrow.Array, arrow.Array) (arrow.Array, error)
	}{{"StartsWith", StartsWith}, {"EndsWith", EndsWith}, {"Contains", Contains}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(total))
			for b.Loop() {
				out, err := bc.f(mem, l, r)
				if err != nil {
					b.Fatal(err)
				}
				out.Release()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mstrings/s")
		})
	}
	b.Run("Length", func(b *testing.B) {
		b.SetBytes(int64(total))
		for b.Loop() {
			out, err := Length(mem, l)
			if err != nil {
				b.Fatal(err)
			}
			out.Release()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mstrings/s")
	})
}
