package conditional

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala,
// Greatest: NULL arguments are skipped, the result is NULL only when all are
// NULL. The generated code (CodeGenerator.reassignIfGreater) replaces the
// running answer only by a strictly greater value, so among equal values the
// first wins. Floats and doubles compare with SQLOrderingUtil: NaN is greater
// than every other value (Greatest(1.0, NaN) is NaN) and -0.0 = 0.0, so
// Greatest(-0.0, 0.0) is -0.0. Strings and binaries compare as unsigned bytes.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

// Greatest is the greatest non-NULL value of args per row; every argument has
// Spark type t.
func Greatest(mem memory.Allocator, t types.DataType, args []arrow.Array) (arrow.Array, error) {
	return extremum(mem, t, args, true)
}
