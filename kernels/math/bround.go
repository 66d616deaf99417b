package math

// Spark: mathExpressions.scala, BRound(child, scale) = RoundBase with
// HALF_EVEN (banker's rounding): the same types and paths as Round (see
// round.go), bround(2.5, 0) = 2, bround(25, -1) = 20.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

// BRound is bround(a, scale) for a of type in, with Spark's result type out.
func BRound(mem memory.Allocator, in, out types.DataType, a arrow.Array, scale int32, mode kernels.EvalMode) (arrow.Array, error) {
	return roundAny("BRound", mem, in, out, a, scale, halfEven, mode)
}
