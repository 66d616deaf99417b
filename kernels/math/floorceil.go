package math

import (
	gomath "math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

// toLongSaturated is Java's (long) narrowing of a double: NaN is 0, values
// beyond the long range saturate (JLS 5.1.3).
func toLongSaturated(f float64) int64 {
	switch {
	case f != f:
		return 0
	case f >= 9223372036854775807:
		return gomath.MaxInt64
	case f <= -9223372036854775808:
		return gomath.MinInt64
	}
	return int64(f)
}

// floorCeil is Floor (up = false) or Ceil (up = true) of a of type in, with
// Spark's result type out: bigint for double and bigint, decimal(p - s + 1,
// 0) (bounded to 38) for decimal(p, s).
func floorCeil(name string, mem memory.Allocator, in, out types.DataType, a arrow.Array, up bool) (arrow.Array, error) {
	switch in.ID {
	case types.Long:
		return identity(mem, in, a)
	case types.Double:
		f := gomath.Floor
		if up {
			f = gomath.Ceil
		}
		return unaryTo(mem, out, a, func(x []float64, y []int64) {
			for i, v := range x[:len(y)] {
				y[i] = toLongSaturated(f(v))
			}
		}), nil
	case types.Decimal:
		rm := floor
		if up {
			rm = ceiling
		}
		// Decimal.floor / ceil: toPrecision(bounded(p - s + 1, 0), 0, mode,
		// nullOnOverflow = false); scale 0 is the value itself
		return roundDecimal(mem, in, out, a, 0, rm, false)
	}
	return nil, kernels.ErrUnsupported("%s on %s", name, in)
}
