package arith

import (
	"math/bits"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/kernels/decimal"
)

// BenchmarkDecimal15_2MulLoop isolates the decimal(15,2) * decimal(15,2) loop
// (no allocation, no validity): the branch-free product against the earlier
// abs / Signed form, 8192 values per op.
func BenchmarkDecimal15_2MulLoop(b *testing.B) {
	const n = 8192
	x, y, out := make([]num, n), make([]num, n), make([]num, n)
	for i := range x {
		x[i] = decimal128.FromI64(int64(i)*1234567 - 5e9)
		y[i] = decimal128.FromI64(int64(i%997)*31 + 1 - 15000)
	}
	pl := decPlan{p1: 15, s1: 2, p2: 15, s2: 2, p: 31, s: 4}
	valid := make([]byte, n/8)
	b.Run("branchfree", func(b *testing.B) {
		b.SetBytes(n * 32)
		for b.Loop() {
			pl.mul(x, 1, y, 1, out, valid)
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mvalues/s")
	})
	b.Run("abs-signed", func(b *testing.B) {
		b.SetBytes(n * 32)
		for b.Loop() {
			for i := range out {
				p, q := int64(x[i].LowBits()), int64(y[i].LowBits())
				hi, lo := bits.Mul64(abs64(p), abs64(q))
				out[i] = decimal.Signed(decimal.U128{Hi: hi, Lo: lo}, (p < 0) != (q < 0))
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mvalues/s")
	})
}
