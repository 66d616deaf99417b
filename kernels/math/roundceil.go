package math

// Spark: mathExpressions.scala, RoundCeil(child, scale) is ceil(x, scale)
// (CeilExpressionBuilder with two arguments): RoundBase with CEILING on a
// decimal child only (other types are cast to decimal by the analyzer); the
// result type is RoundBase.dataType as for Round (see round.go), NULL on
// overflow for scale >= 0 (cannot happen), an error for a negative scale
// (Decimal.set throws DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

// RoundCeil is ceil(a, scale) for a decimal a of type in, with result type out.
func RoundCeil(mem memory.Allocator, in, out types.DataType, a arrow.Array, scale int32, _ kernels.EvalMode) (arrow.Array, error) {
	if in.ID != types.Decimal {
		return nil, kernels.ErrUnsupported("RoundCeil on %s", in)
	}
	return roundDecimal(mem, in, out, a, scale, ceiling, scale >= 0)
}
