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
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
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

// trimSet is a constant trim string with the set of its bytes: a one-byte
// character is found in the trim string exactly when its byte is in the set.
type trimSet struct {
	chars []byte
	bytes [256]bool
}

func newTrimSet(chars []byte) *trimSet {
	t := &trimSet{chars: chars}
	for _, b := range chars {
		t.bytes[b] = true
	}
	return t
}

func (t *trimSet) has(c []byte) bool {
	if len(c) == 1 {
		return t.bytes[c[0]]
	}
	return bytes.Contains(t.chars, c)
}

// trimLeftChars is UTF8String.trimLeft(t): the start of what is kept.
func trimLeftChars(s []byte, t *trimSet) int {
	i := 0
	for i < len(s) {
		n := min(i+int(firstByteLen[s[i]]), len(s))
		if !t.has(s[i:n]) {
			break
		}
		i = n
	}
	return i
}

// trimRightChars is UTF8String.trimRight(t) of s: the end of what is kept.
// The characters are found from the left (a trailing byte that follows a
// lead byte belongs to its character).
func trimRightChars(s []byte, t *trimSet, pos []int32) (int, []int32) {
	if utf8.Valid(s) {
		// valid UTF-8: a character starts at every byte that is not a
		// continuation byte, so walk back from the end
		end := len(s)
		for end > 0 {
			j := end - 1
			for j > 0 && isCont(s[j]) {
				j--
			}
			if !t.has(s[j:end]) {
				break
			}
			end = j
		}
		return end, pos
	}
	pos = pos[:0]
	for i := 0; i < len(s); i += int(firstByteLen[s[i]]) {
		pos = append(pos, int32(i))
	}
	end := len(s)
	for k := len(pos) - 1; k >= 0; k-- {
		c := s[pos[k]:min(int(pos[k])+int(firstByteLen[s[pos[k]]]), len(s))]
		if !t.has(c) {
			break
		}
		end = int(pos[k])
	}
	return end, pos
}

// trimChars returns the range of s kept by trimming the characters of t.
func trimChars(s []byte, t *trimSet, side trimSide, scratch *[]int32) (int, int) {
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
	return trimWith(mem, name, side, src, trimStr, nil)
}

// trimConst runs one of the trims with constant trim characters.
func trimConst(mem memory.Allocator, name string, side trimSide, src arrow.Array, chars []byte) (arrow.Array, error) {
	return trimWith(mem, name, side, src, nil, newTrimSet(chars))
}

func trimWith(mem memory.Allocator, name string, side trimSide, src, trimStr arrow.Array, set *trimSet) (arrow.Array, error) {
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
	var rowSet trimSet
	for i := 0; i < n; i++ {
		if isValid(validity, i) {
			s := vals[offs[i]:offs[i+1]]
			var from, to int
			switch {
			case set != nil:
				from, to = trimChars(s, set, side, &scratch)
			case trimStr != nil:
				rowSet.chars = tvals[toffs[i]:toffs[i+1]]
				rowSet.bytes = [256]bool{}
				for _, b := range rowSet.chars {
					rowSet.bytes[b] = true
				}
				from, to = trimChars(s, &rowSet, side, &scratch)
			default:
				from, to = trimSpaces(s, side)
			}
			o.append(s[from:to])
		}
		o.end(i)
	}
	return o.finish(name, arrow.BinaryTypes.String, n, nulls, validity)
}
