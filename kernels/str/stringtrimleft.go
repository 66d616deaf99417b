package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// StringTrimLeft (ltrim(str), trim(LEADING [chars] FROM str): UTF8String.trimLeft() / trimLeft(chars)); NULL if the string or the trim characters are NULL. The
// rules are in trim.go.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// StringTrimLeft trims every string of src; trimStr holds the characters to trim per
// row, or is nil to trim spaces (0x20).
func StringTrimLeft(mem memory.Allocator, src, trimStr arrow.Array) (arrow.Array, error) {
	return trim(mem, "StringTrimLeft", trimLeading, src, trimStr)
}

// StringTrimLeftConst is StringTrimLeft with constant trim characters.
func StringTrimLeftConst(mem memory.Allocator, src arrow.Array, chars []byte) (arrow.Array, error) {
	return trimConst(mem, "StringTrimLeft", trimLeading, src, chars)
}
