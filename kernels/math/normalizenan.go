package math

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// NormalizeNaNAndZero is Spark's NormalizeNaNAndZero
// (sql/catalyst/optimizer/NormalizeFloatingNumbers.scala), put around float
// and double grouping and join keys: every NaN becomes Java's canonical NaN
// (Float.NaN 0x7fc00000, Double.NaN 0x7ff8000000000000) and -0.0 becomes 0.0,
// so equal keys have equal bits. NULL stays NULL.
func NormalizeNaNAndZero(mem memory.Allocator, a arrow.Array) arrow.Array {
	if a.DataType().ID() == arrow.FLOAT32 {
		nan := math.Float32frombits(0x7fc00000)
		return unary(mem, a, func(in, out []float32) {
			for i, v := range in {
				switch {
				case v != v:
					v = nan
				case v == 0:
					v = 0
				}
				out[i] = v
			}
		})
	}
	nan := math.Float64frombits(0x7ff8000000000000)
	return unary(mem, a, func(in, out []float64) {
		for i, v := range in {
			switch {
			case v != v:
				v = nan
			case v == 0:
				v = 0
			}
			out[i] = v
		}
	})
}
