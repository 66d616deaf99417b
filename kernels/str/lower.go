package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// Lower (lower, lcase): UTF8String.toLowerCase; NULL in, NULL out. The rules
// (the byte-wise path, Java's decoding and case data) are in casemap.go, the
// final sigma in finalsigma.go.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Lower lower-cases every string of a as Spark does.
func Lower(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return caseMap(mem, "Lower", a, false)
}
