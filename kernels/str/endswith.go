package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// EndsWith (a StringPredicate): UTF8String.endsWith, a byte comparison of the
// suffix; NULL if either side is NULL; every string ends with ''.
// The optimizer (LikeSimplification) rewrites `x LIKE '%abc'` into it.

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// EndsWith reports, row by row, whether l ends with the bytes of r.
func EndsWith(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
	return predicate2(mem, "EndsWith", l, r, bytes.HasSuffix)
}
