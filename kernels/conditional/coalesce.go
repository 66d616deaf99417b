package conditional

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/nullExpressions.scala,
// Coalesce: the first non-NULL argument, NULL when all are; an argument is
// evaluated only for the rows every earlier argument left NULL (Coalesce.eval
// and its generated code stop at the first non-NULL value). NVL(a, b) and
// IFNULL(a, b) are replaced at analysis by Coalesce(a, b).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"

	"github.com/ember-spark/ember/kernels/kutil"
)

// NullRows returns the rows where a, which has one value per row of rows
// (rows nil means 0..a.Len()-1), is NULL: the rows the next argument of
// Coalesce must fill. The result is ascending and newly allocated.
func NullRows(a arrow.Array, rows []int32) []int32 {
	n := a.Len()
	out := make([]int32, 0, a.NullN())
	if a.NullN() == 0 {
		return out
	}
	bits, off := kutil.Validity(a)
	for j := 0; j < n; j++ {
		if !bitutil.BitIsSet(bits, off+j) {
			if rows != nil {
				out = append(out, rows[j])
			} else {
				out = append(out, int32(j))
			}
		}
	}
	return out
}
