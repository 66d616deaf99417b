package math

// Spark: mathExpressions.scala, RoundFloor(child, scale) is floor(x, scale)
// (FloorExpressionBuilder with two arguments): RoundBase with FLOOR on a
// decimal child only; the result type is RoundBase.dataType as for Round (see
// round.go), NULL on overflow for scale >= 0 (cannot happen), an error for a
// negative scale (Decimal.set throws DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

// RoundFloor is floor(a, scale) for a decimal a of type in, with result type out.
func RoundFloor(mem memory.Allocator, in, out types.DataType, a arrow.Array, scale int32, _ kernels.EvalMode) (arrow.Array, error) {
	if in.ID != types.Decimal {
		return nil, kernels.ErrUnsupported("RoundFloor on %s", in)
	}
	return roundDecimal(mem, in, out, a, scale, floor, scale >= 0)
}
