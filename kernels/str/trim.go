package str

// The trims of Spark 3.5's UTF8String (common/unsafe/.../types/UTF8String.java)
// behind StringTrim, StringTrimLeft and StringTrimRight
// (stringExpressions.scala):
//   - without trim characters, trim(), trimLeft(), trimRight() remove the
//     byte 0x20 only (not tabs or other white space);
//   - with them, trimLeft(t) / trimRight(t) remove characters (by
//     numBytesForFirstByte) while the character's bytes occur anywhere in t
//     (a byte search, UTF8String.find, not a character comparison), from the
//     left / from the right; trim(t) = trimLeft(t).trimRight(t).
// A character truncated by the end of the value is taken up to the end here;
// Spark would read bytes past the value (copyUTF8String).

import (
	"bytes"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/internal/kutil"
)

type trimSide uint8

const (
	trimBoth trimSide = iota
	trimLeading
	trimTrailing
)

// trimSpaces returns the range of s that trim(), trimLeft() or trimRight()
// keeps.
func trimSpaces(s []byte, side trimSide) (int, int) {
	from, to := 0, len(s)
	if side != trimTrailing {
		for from < to && s[from] == ' ' {
			from++
		}
	}
	if side != trimLeading {
		for to > from && s[to-1] == ' ' {
			to--
		}
	}
	return from, to
}

// trimLeftChars is UTF8String.trimLeft(t): the start of what is kept.
func trimLeftChars(s, t []byte) int {
	i := 0
	for i < len(s) {
		n := min(i+int(firstByteLen[s[i]]), len(s))
		if !bytes.Contains(t, s[i:n]) {
			break
		}
		i = n
	}
	return i
}

// trimRightChars is UTF8String.trimRight(t) of s: the end of what is kept.
// The characters are found from the left (a trailing byte that follows a
// lead byte belongs to its character).
func trimRightChars(s, t []byte, pos []int32) (int, []int32) {
	pos = pos[:0]
	for i := 0; i < len(s); i += int(firstByteLen[s[i]]) {
		pos = append(pos, int32(i))
	}
	end := len(s)
	for k := len(pos) - 1; k >= 0; k-- {
		c := s[pos[k]:min(int(pos[k])+int(firstByteLen[s[pos[k]]]), len(s))]
		if !bytes.Contains(t, c) {
			break
		}
		end = int(pos[k])
	}
	return end, pos
}

// trimChars returns the range of s kept by trimming the characters of t.
func trimChars(s, t []byte, side trimSide, scratch *[]int32) (int, int) {
	from, to := 0, len(s)
	if side != trimTrailing {
		from = trimLeftChars(s, t)
	}
	if side != trimLeading {
		var end int
		end, *scratch = trimRightChars(s[from:], t, *scratch)
		to = from + end
	}
	return from, to
}

// trim runs one of the trims over src, with the trim characters of trimStr
// per row (nil: spaces).
func trim(mem memory.Allocator, name string, side trimSide, src, trimStr arrow.Array) (arrow.Array, error) {
	offs, vals, err := rawBytes(name, src)
	if err != nil {
		return nil, err
	}
	if _, ok := src.(*array.String); !ok {
		return nil, kernels.ErrUnsupported("%s on %s", name, src.DataType())
	}
	n := src.Len()
	var toffs []int32
	var tvals []byte
	var validity *memory.Buffer
	var nulls int
	if trimStr != nil {
		if toffs, tvals, err = rawBytes(name, trimStr); err != nil {
			return nil, err
		}
		validity, nulls = kutil.AndValidity(mem, n, src, trimStr)
	} else {
		validity, nulls = kutil.CopyValidity(mem, src)
	}
	o := newOutStrings(mem, n, int(offs[n]-offs[0]))
	var scratch []int32
	for i := 0; i < n; i++ {
		if isValid(validity, i) {
			s := vals[offs[i]:offs[i+1]]
			var from, to int
			if trimStr == nil {
				from, to = trimSpaces(s, side)
			} else {
				from, to = trimChars(s, tvals[toffs[i]:toffs[i+1]], side, &scratch)
			}
			o.append(s[from:to])
		}
		o.end(i)
	}
	return o.finish(name, arrow.BinaryTypes.String, n, nulls, validity)
}
