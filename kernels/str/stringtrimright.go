package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// StringTrimRight (rtrim(str), trim(TRAILING [chars] FROM str): UTF8String.trimRight() / trimRight(chars)); NULL if the string or the trim characters are NULL. The
// rules are in trim.go.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// StringTrimRight trims every string of src; trimStr holds the characters to trim per
// row, or is nil to trim spaces (0x20).
func StringTrimRight(mem memory.Allocator, src, trimStr arrow.Array) (arrow.Array, error) {
	return trim(mem, "StringTrimRight", trimTrailing, src, trimStr)
}

// StringTrimRightConst is StringTrimRight with constant trim characters.
func StringTrimRightConst(mem memory.Allocator, src arrow.Array, chars []byte) (arrow.Array, error) {
	return trimConst(mem, "StringTrimRight", trimTrailing, src, chars)
}
