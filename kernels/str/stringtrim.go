package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// StringTrim (trim(str), trim(BOTH [chars] FROM str), btrim: UTF8String.trim() / trim(chars)); NULL if the string or the trim characters are NULL. The
// rules are in trim.go.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// StringTrim trims every string of src; trimStr holds the characters to trim per
// row, or is nil to trim spaces (0x20).
func StringTrim(mem memory.Allocator, src, trimStr arrow.Array) (arrow.Array, error) {
	return trim(mem, "StringTrim", trimBoth, src, trimStr)
}

// StringTrimConst is StringTrim with constant trim characters.
func StringTrimConst(mem memory.Allocator, src arrow.Array, chars []byte) (arrow.Array, error) {
	return trimConst(mem, "StringTrim", trimBoth, src, chars)
}
