package conditional

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala,
// Least: NULL arguments are skipped, the result is NULL only when all are
// NULL. The generated code (CodeGenerator.reassignIfSmaller) replaces the
// running answer only by a strictly smaller value, so among equal values the
// first wins (Least(0.0, -0.0) is 0.0). Floats and doubles compare with
// SQLOrderingUtil: NaN is greater than every other value, so Least(1.0, NaN)
// is 1.0 and Least(NaN, NaN) is NaN.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

// Least is the smallest non-NULL value of args per row; every argument has
// Spark type t.
func Least(mem memory.Allocator, t types.DataType, args []arrow.Array) (arrow.Array, error) {
	return extremum(mem, t, args, false)
}
