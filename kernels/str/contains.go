package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// Contains (a StringPredicate): UTF8String.contains, a byte search; NULL if
// either side is NULL; every string contains ''. The optimizer
// (LikeSimplification) rewrites `x LIKE '%abc%'` into it.

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Contains reports, row by row, whether the bytes of r occur in l.
func Contains(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
	return predicate2(mem, "Contains", l, r, bytes.Contains)
}
