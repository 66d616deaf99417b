package conditional

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/predicates.scala,
// InSet(child, hset): what the optimizer (OptimizeIn) makes of an In whose
// list is all literals and longer than spark.sql.optimizer.inSetConversionThreshold.
// The generated code (genCodeWithSet / genCodeWithSwitch) answers like In:
// NULL for a NULL value, true when the set holds the value (Scala's `==` on
// boxed numbers, so -0.0 matches 0.0; NaN matches through the explicit
// isNaN/hasNaN test), else NULL when the set holds null, else false.
// (InSet's interpreted eval gives false rather than NULL for a NaN value
// that is not in a set that holds null; the generated code, which Spark runs,
// gives NULL, and so does Ember.)

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

// InSet evaluates value IN set per row; set holds the Go values
// sparkplan.Literal documents for Spark type t, nil for a NULL member.
func InSet(mem memory.Allocator, t types.DataType, value arrow.Array, set []any) (arrow.Array, error) {
	items := make([]Item, len(set))
	for i, v := range set {
		items[i] = Item{Scalar: v}
	}
	return In(mem, t, value, items)
}
