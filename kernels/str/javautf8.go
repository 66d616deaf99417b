package str

// Java's UTF-8 decoding, as Spark's UTF8String.toString (new String(bytes,
// UTF_8), JDK 17 String.decodeUTF8_UTF16 with replacement) reads bytes:
// every malformed sequence becomes one U+FFFD. The lengths differ from Go's
// utf8.DecodeRune (one byte per error): Java takes a well-formed prefix of a
// sequence as one error, a UTF-8 encoded surrogate (ED A0..BF 80..BF) as one
// error of three bytes, and a truncated sequence at the end of the value as
// one error. testdata/oracle.tsv.gz checks this against the JDK.

import "unicode/utf8"

func isCont(b byte) bool { return b&0xC0 == 0x80 }

// javaStep is the length of the character that starts at s[i] as Java decodes
// it, and whether it is well formed (else it decodes to one U+FFFD).
func javaStep(s []byte, i int) (int, bool) {
	b1 := s[i]
	rest := len(s) - i - 1
	switch {
	case b1 < 0x80:
		return 1, true
	case b1 >= 0xC2 && b1 <= 0xDF:
		if rest >= 1 && isCont(s[i+1]) {
			return 2, true
		}
		return 1, false
	case b1 >= 0xE0 && b1 <= 0xEF:
		if rest >= 2 {
			b2, b3 := s[i+1], s[i+2]
			if (b1 == 0xE0 && b2&0xE0 == 0x80) || !isCont(b2) {
				return 1, false
			}
			if !isCont(b3) {
				return 2, false
			}
			if b1 == 0xED && b2 >= 0xA0 { // a surrogate: one error of 3 bytes
				return 3, false
			}
			return 3, true
		}
		if rest == 1 {
			b2 := s[i+1]
			if (b1 == 0xE0 && b2&0xE0 == 0x80) || !isCont(b2) {
				return 1, false
			}
			return 2, false
		}
		return 1, false
	case b1 >= 0xF0 && b1 <= 0xF7:
		if rest >= 3 {
			b2, b3, b4 := s[i+1], s[i+2], s[i+3]
			uc := rune(b1&0x07)<<18 | rune(b2&0x3F)<<12 | rune(b3&0x3F)<<6 | rune(b4&0x3F)
			if isCont(b2) && isCont(b3) && isCont(b4) && uc >= 0x10000 && uc <= 0x10FFFF {
				return 4, true
			}
			if b1 > 0xF4 || (b1 == 0xF0 && (b2 < 0x90 || b2 > 0xBF)) || (b1 == 0xF4 && b2&0xF0 != 0x80) || !isCont(b2) {
				return 1, false
			}
			if !isCont(b3) {
				return 2, false
			}
			return 3, false
		}
		if b1 > 0xF4 {
			return 1, false
		}
		if rest >= 1 {
			b2 := s[i+1]
			if (b1 == 0xF0 && (b2 < 0x90 || b2 > 0xBF)) || (b1 == 0xF4 && b2&0xF0 != 0x80) || !isCont(b2) {
				return 1, false
			}
		}
		// A truncated sequence: the lead and the next byte are one error;
		// a third byte joins it when it is a continuation byte.
		if rest >= 2 && isCont(s[i+2]) {
			return rest + 1, false
		}
		return min(2, rest+1), false
	}
	return 1, false
}

// javaValid reports whether Java decodes s without replacement: s is valid
// UTF-8 (Go's and Java's notions of well-formed UTF-8 agree: no surrogates,
// no overlongs, nothing above U+10FFFF).
func javaValid(s []byte) bool { return utf8.Valid(s) }

// appendJavaString appends s as Java decodes and re-encodes it (UTF8String
// .toString then fromString): malformed sequences become U+FFFD (EF BF BD).
func appendJavaString(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		n, ok := javaStep(s, i)
		if ok {
			dst = append(dst, s[i:i+n]...)
		} else {
			dst = append(dst, 0xEF, 0xBF, 0xBD)
		}
		i += n
	}
	return dst
}
