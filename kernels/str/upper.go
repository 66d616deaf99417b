package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// Upper (upper, ucase): UTF8String.toUpperCase; NULL in, NULL out. The rules
// (the byte-wise path, Java's decoding and case data) are in casemap.go.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Upper upper-cases every string of a as Spark does.
func Upper(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return caseMap(mem, "Upper", a, true)
}
