package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// Length (length, char_length, character_length): for a string
// UTF8String.numChars, for binary the byte count; the result is int.
// numChars steps over the bytes by numBytesForFirstByte, whose table
// (bytesOfCodePointInUTF8) gives 1 for 0x00..0x7F, 2 for 0xC2..0xDF, 3 for
// 0xE0..0xEF, 4 for 0xF0..0xF4 and 1 for every other byte (continuation bytes,
// C0, C1, F5..FF), so invalid UTF-8 counts as Spark counts it; a truncated
// last character still counts as one.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// firstByteLen is UTF8String.numBytesForFirstByte.
var firstByteLen = func() (t [256]uint8) {
	for b := range t {
		switch {
		case b >= 0xC2 && b <= 0xDF:
			t[b] = 2
		case b >= 0xE0 && b <= 0xEF:
			t[b] = 3
		case b >= 0xF0 && b <= 0xF4:
			t[b] = 4
		default:
			t[b] = 1
		}
	}
	return
}()

// NumChars is UTF8String.numChars of s.
func NumChars(s []byte) int {
	n := 0
	for i := 0; i < len(s); i += int(firstByteLen[s[i]]) {
		n++
	}
	return n
}

// Length is the character count of every string of a, or the byte count of
// every binary value.
func Length(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	n := a.Len()
	buf, out := kutil.NewValues[int32](mem, n)
	offs, vals, err := rawBytes("Length", a)
	if err != nil {
		buf.Release()
		return nil, err
	}
	if _, ok := a.(*array.String); ok && !oneByteChars(vals[offs[0]:offs[n]]) {
		for i := range out {
			out[i] = int32(NumChars(vals[offs[i]:offs[i+1]]))
		}
	} else {
		for i := range out {
			out[i] = offs[i+1] - offs[i]
		}
	}
	validity, nulls := kutil.CopyValidity(mem, a)
	return kutil.MakeArray(arrow.PrimitiveTypes.Int32, n, nulls, validity, buf), nil
}
