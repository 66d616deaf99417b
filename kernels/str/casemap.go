package str

// The case mapping shared by Upper and Lower. Spark 3.5's UTF8String
// .toUpperCase / .toLowerCase (common/unsafe/.../types/UTF8String.java):
// when every byte of the value is a one-byte character by
// numBytesForFirstByte (ASCII, but also the invalid bytes 0x80..0xC1 and
// 0xF5..0xFF), each byte goes through Character.toUpperCase / toLowerCase
// (which changes only a-z / A-Z; the invalid bytes are kept as they are).
// Otherwise (toUpperCaseSlow) the value is decoded as Java decodes UTF-8
// (javautf8.go), mapped by java.lang.String.toUpperCase() / toLowerCase()
// with the JVM's default locale, and encoded again. casetables_gen.go holds
// the JDK 17 mapping of every code point for the en / ROOT locales (generated
// by testdata/Oracle.java); the only context dependent mapping of those
// locales is the final sigma of toLowerCase (finalsigma.go).

import (
	"encoding/binary"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
)

// oneByteChars reports whether every byte of s is a one-byte character for
// UTF8String.numBytesForFirstByte (no byte in 0xC2..0xF4).
func oneByteChars(s []byte) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if binary.LittleEndian.Uint64(s[i:])&hi1 != 0 {
			break // a byte >= 0x80: check this word byte by byte
		}
	}
	for _, b := range s[i:] {
		if b-0xC2 <= 0xF4-0xC2 {
			return false
		}
	}
	return true
}

const (
	lo7  = 0x7F7F7F7F7F7F7F7F
	hi1  = 0x8080808080808080
	ones = 0x0101010101010101
)

// caseWord flips the case bit (0x20) of the bytes of w in [first, last]
// (ASCII letters; bytes >= 0x80 are left alone), 8 bytes at a time: on the
// low 7 bits of each byte, x + (0x80 - first) reaches the high bit from first
// on and x + (0x7F - last) from last + 1 on, with no carry between bytes.
func caseWord(w uint64, first, last byte) uint64 {
	x := w & lo7
	ge := x + ones*uint64(0x80-first)
	gt := x + ones*uint64(0x7F-last)
	m := ge &^ gt &^ w & hi1
	return w ^ m>>2
}

func caseBytes(dst, src []byte, first, last byte) {
	dst = dst[:len(src)]
	i := 0
	for ; i+8 <= len(src); i += 8 {
		binary.LittleEndian.PutUint64(dst[i:], caseWord(binary.LittleEndian.Uint64(src[i:]), first, last))
	}
	for ; i < len(src); i++ {
		b := src[i]
		if b-first <= last-first {
			b ^= 0x20
		}
		dst[i] = b
	}
}

func asciiUpper(dst, src []byte) { caseBytes(dst, src, 'a', 'z') }

func asciiLower(dst, src []byte) { caseBytes(dst, src, 'A', 'Z') }

// mapRune returns the mapping of r >= 0x80 from a generated table, ok false
// when r maps to itself.
func mapRune(keys []uint32, ends []uint16, pool string, r rune) (string, bool) {
	k := uint32(r)
	i := sort.Search(len(keys), func(i int) bool { return keys[i] >= k })
	if i == len(keys) || keys[i] != k {
		return "", false
	}
	start := uint16(0)
	if i > 0 {
		start = ends[i-1]
	}
	return pool[start:ends[i]], true
}

var replacement = []byte{0xEF, 0xBF, 0xBD}

// caseMapSlow appends the Java-mapped s to dst (the slow path).
func caseMapSlow(dst, s []byte, upper bool, scratch *sigmaScratch) []byte {
	if !upper && hasCapitalSigma(s) {
		return lowerWithSigma(dst, s, scratch)
	}
	for i := 0; i < len(s); {
		n, ok := javaStep(s, i)
		switch {
		case !ok:
			dst = append(dst, replacement...)
		case n == 1:
			b := s[i]
			if upper && b-'a' < 26 {
				b -= 'a' - 'A'
			} else if !upper && b-'A' < 26 {
				b += 'a' - 'A'
			}
			dst = append(dst, b)
		default:
			r := decodeValid(s[i : i+n])
			var m string
			var found bool
			if upper {
				m, found = mapRune(upperKeys[:], upperEnds[:], upperPool, r)
			} else {
				m, found = mapRune(lowerKeys[:], lowerEnds[:], lowerPool, r)
			}
			if found {
				dst = append(dst, m...)
			} else {
				dst = append(dst, s[i:i+n]...)
			}
		}
		i += n
	}
	return dst
}

// decodeValid decodes one well-formed UTF-8 sequence of 2 to 4 bytes.
func decodeValid(s []byte) rune {
	switch len(s) {
	case 2:
		return rune(s[0]&0x1F)<<6 | rune(s[1]&0x3F)
	case 3:
		return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F)
	}
	return rune(s[0]&0x07)<<18 | rune(s[1]&0x3F)<<12 | rune(s[2]&0x3F)<<6 | rune(s[3]&0x3F)
}

// caseMap is Upper (upper) or Lower over a string array.
func caseMap(mem memory.Allocator, name string, a arrow.Array, upper bool) (arrow.Array, error) {
	offs, vals, err := rawBytes(name, a)
	if err != nil {
		return nil, err
	}
	if a.DataType().ID() != arrow.STRING {
		return nil, kernels.ErrUnsupported("%s on %s", name, a.DataType())
	}
	n := a.Len()
	all := vals[offs[0]:offs[n]]
	validity, nulls := kutil.CopyValidity(mem, a)
	if oneByteChars(all) {
		// Every value takes the byte-wise path: one pass over the whole buffer.
		offBuf, outOffs := kutil.NewValues[int32](mem, n+1)
		base := offs[0]
		for i := range outOffs {
			outOffs[i] = offs[i] - base
		}
		valBuf := kutil.NewBytes(mem, len(all))
		if upper {
			asciiUpper(valBuf.Bytes(), all)
		} else {
			asciiLower(valBuf.Bytes(), all)
		}
		return kutil.MakeArray(arrow.BinaryTypes.String, n, nulls, validity, offBuf, valBuf), nil
	}
	o := newOutStrings(mem, n, len(all)+len(all)/8)
	var scratch sigmaScratch
	for i := 0; i < n; i++ {
		s := vals[offs[i]:offs[i+1]]
		if isValid(validity, i) {
			if oneByteChars(s) {
				o.grow(len(s))
				dst := o.tail()[:len(s)]
				if upper {
					asciiUpper(dst, s)
				} else {
					asciiLower(dst, s)
				}
				o.advance(len(s))
			} else {
				// A mapping is at most 3 times as long as its source in UTF-8
				// (TestCaseTableGrowth), a malformed byte becomes 3: grow by that
				// bound so that the appends below stay in the buffer.
				o.grow(3 * len(s))
				t := o.tail()
				m := caseMapSlow(t, s, upper, &scratch)
				if len(m) > cap(t) || (len(m) > 0 && &m[0] != &t[:1][0]) {
					panic("str: case mapping outgrew its reserved space")
				}
				o.advance(len(m))
			}
		}
		o.end(i)
	}
	return o.finish(name, arrow.BinaryTypes.String, n, nulls, validity)
}
