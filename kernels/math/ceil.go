package math

// Spark: mathExpressions.scala, Ceil(child): child double, bigint or decimal
// (the analyzer casts other numeric types). double: (long) Math.ceil(x), so
// NaN is 0 and values beyond the long range saturate; bigint: the value;
// decimal(p, s): Decimal.ceil, of type decimal(min(p - s + 1, 38), 0) (the
// type itself when s = 0).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

// Ceil is ceil(a) for a of type in, with Spark's result type out.
func Ceil(mem memory.Allocator, in, out types.DataType, a arrow.Array) (arrow.Array, error) {
	return floorCeil("Ceil", mem, in, out, a, true)
}
