package conditional

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/conditionalExpressions.scala,
// If(predicate, trueValue, falseValue): trueValue where the predicate is
// true, falseValue where it is false or NULL; each value only for its rows.
// NULLIF(a, b) is replaced at analysis by If(a = b, NULL, a) and NVL2(a, b, c)
// by If(a IS NOT NULL, b, c) (nullExpressions.scala, RuntimeReplaceable), so
// they reach the physical plan as If.

import "github.com/apache/arrow-go/v18/arrow"

// SplitIf divides rows by the predicate: the rows that take trueValue, and
// those that take falseValue (false or NULL). It is CaseWhen's Split.
func SplitIf(predicate arrow.Array, rows []int32) (trueRows, falseRows []int32) {
	return Split(predicate, rows)
}
