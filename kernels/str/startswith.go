package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// StartsWith (a StringPredicate): UTF8String.startsWith, a byte comparison of
// the prefix; NULL if either side is NULL; every string starts with ''.
// The optimizer (LikeSimplification) rewrites `x LIKE 'abc%'` into it.

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// StartsWith reports, row by row, whether l begins with the bytes of r.
func StartsWith(mem memory.Allocator, l, r arrow.Array) (arrow.Array, error) {
	return predicate2(mem, "StartsWith", l, r, bytes.HasPrefix)
}
