package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/stringExpressions.scala,
// Substring (substr, substring, and left(str, n) = Substring(str, 1, n)):
// NULL if any argument is NULL; for a string UTF8String.substringSQL(pos,
// len), for binary ByteArray.subStringSQL(pos, len).
//
// substringSQL: start = pos - 1 when pos > 0, numChars + pos when pos < 0,
// 0 when pos = 0; end = start + len clamped to the int range; then
// substring(start, end): empty when end <= start or start >= numBytes (bytes,
// not characters), else the characters [max(start, 0), end) counted by
// numBytesForFirstByte. A truncated character at the end of the value is cut
// at the end here; Spark would copy bytes past the value.
//
// subStringSQL (binary): empty when pos > length; start as above over bytes;
// end = length when length - start < len (int arithmetic) else start + len;
// start = max(start, 0); empty when start >= end.

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
)

// substringSQL returns the byte range [from, to) of s that
// UTF8String.substringSQL(pos, length) keeps.
func substringSQL(s []byte, pos, length int32) (int, int) {
	var start int64
	switch {
	case pos > 0:
		start = int64(pos) - 1
	case pos < 0:
		start = int64(NumChars(s)) + int64(pos)
	}
	end := start + int64(length)
	if end > math.MaxInt32 {
		end = math.MaxInt32
	} else if end < math.MinInt32 {
		end = math.MinInt32
	}
	if end <= start || start >= int64(len(s)) {
		return 0, 0
	}
	i, c := 0, int64(0)
	for i < len(s) && c < start {
		i += int(firstByteLen[s[i]])
		c++
	}
	j := i
	for i < len(s) && c < end {
		i += int(firstByteLen[s[i]])
		c++
	}
	if i > len(s) {
		i = len(s)
	}
	if j > len(s) {
		j = len(s)
	}
	return j, i
}

// substringSQLOneByte is substringSQL over a value of n one-byte characters.
func substringSQLOneByte(n int, pos, length int32) (int, int) {
	var start int64
	switch {
	case pos > 0:
		start = int64(pos) - 1
	case pos < 0:
		start = int64(n) + int64(pos)
	}
	end := min(max(start+int64(length), math.MinInt32), math.MaxInt32)
	if end <= start || start >= int64(n) {
		return 0, 0
	}
	from := max(start, 0)
	return int(from), int(max(from, min(end, int64(n))))
}

// subStringSQLBytes is ByteArray.subStringSQL over a value of n bytes.
func subStringSQLBytes(n, pos, length int32) (int, int) {
	if pos > n {
		return 0, 0
	}
	var start int32
	switch {
	case pos > 0:
		start = pos - 1
	case pos < 0:
		start = n + pos
	}
	var end int32
	if n-start < length { // int arithmetic, as Java's
		end = n
	} else {
		end = start + length
	}
	start = max(start, 0)
	if start >= end {
		return 0, 0
	}
	return int(start), int(end)
}

// SubstringScalar is Substring with constant pos and len.
func SubstringScalar(mem memory.Allocator, a arrow.Array, pos, length int32) (arrow.Array, error) {
	return substring(mem, a, nil, nil, pos, length)
}

// Substring is Substring with pos and len per row (int arrays).
func Substring(mem memory.Allocator, a, pos, length arrow.Array) (arrow.Array, error) {
	p, ok1 := pos.(*array.Int32)
	l, ok2 := length.(*array.Int32)
	if !ok1 || !ok2 {
		return nil, kernels.ErrUnsupported("Substring with pos %s and len %s", pos.DataType(), length.DataType())
	}
	return substring(mem, a, p, l, 0, 0)
}

func substring(mem memory.Allocator, a arrow.Array, pa, la *array.Int32, pos, length int32) (arrow.Array, error) {
	offs, vals, err := rawBytes("Substring", a)
	if err != nil {
		return nil, err
	}
	_, isString := a.(*array.String)
	n := a.Len()
	var ps, ls []int32
	var validity *memory.Buffer
	var nulls int
	if pa != nil {
		ps, ls = pa.Int32Values(), la.Int32Values()
		validity, nulls = kutil.AndValidity(mem, n, a, pa, la)
	} else {
		validity, nulls = kutil.CopyValidity(mem, a)
	}
	// When no value has a multi-byte character, characters are bytes.
	oneByte := isString && oneByteChars(vals[offs[0]:offs[n]])
	o := newOutStrings(mem, n, int(offs[n]-offs[0])/2)
	for i := 0; i < n; i++ {
		if isValid(validity, i) {
			if ps != nil {
				pos, length = ps[i], ls[i]
			}
			s := vals[offs[i]:offs[i+1]]
			var from, to int
			switch {
			case oneByte:
				from, to = substringSQLOneByte(len(s), pos, length)
			case isString:
				from, to = substringSQL(s, pos, length)
			default:
				from, to = subStringSQLBytes(int32(len(s)), pos, length)
			}
			o.append(s[from:to])
		}
		o.end(i)
	}
	return o.finish("Substring", a.DataType(), n, nulls, validity)
}
