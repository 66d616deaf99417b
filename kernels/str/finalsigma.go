package str

// Final sigma. JDK 17 java.lang.String.toLowerCase (StringUTF16.toLowerCase)
// maps U+03A3 Σ through ConditionalSpecialCasing: to ς (U+03C2) when
// isFinalCased, else σ (U+03C3). isFinalCased walks back from the Σ to the
// previous word boundary of BreakIterator.getWordInstance looking for a
// cased character (isCased: Lu, Ll, Lt and a few Other_Lowercase /
// Other_Uppercase ranges, casedRanges), and, when it finds one, forward from
// after the Σ to the next word boundary: ς only when no cased character is
// there. The word boundaries follow the JDK's word rules
// (sun.text.resources.BreakIteratorRules): a word is letters and digits,
// letters joined by one of - (Pd), U+00AD, U+2027, " ' . between letters and
// digits joined by one of " ' , U+066B . between digits; non-spacing,
// enclosing marks and format characters (Mn, Me, Cf) belong to the character
// before them; runs of kanji and of kana are words of their own; any other
// character is a word by itself. testdata/oracle.tsv.gz checks the result
// against the JDK over random strings of Σ with letters, marks, digits,
// punctuation, kana, kanji and spaces.

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

const (
	wordOther = iota
	wordIgnore
	wordKanji
	wordHira
	wordLetter
	wordDigit
	wordKata
	wordKana // both hiragana and katakana
	wordDanda
	wordMark // Mn, Me (wordClassRanges puts them with Cf under wordIgnore)
)

func lookupRanges(tab []uint32, r rune) uint32 {
	k := uint32(r)
	n := len(tab) / 3
	i := sort.Search(n, func(i int) bool { return tab[3*i+1] >= k })
	if i < n && tab[3*i] <= k {
		return tab[3*i+2]
	}
	return 0
}

func isCased(r rune) bool { return lookupRanges(casedRanges[:], r) != 0 }

func wordClass(r rune) uint32 {
	if r < 0x80 {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			return wordLetter
		case r >= '0' && r <= '9':
			return wordDigit
		}
		return wordOther
	}
	return lookupRanges(wordClassRanges[:], r)
}

func isMidWord(r rune) bool {
	switch r {
	case '"', '\'', '.', 0x00AD, 0x2027:
		return true
	}
	return lookupRanges(dashRanges[:], r) != 0 || lookupRanges(connectorRanges[:], r) != 0
}

func isMidNum(r rune) bool {
	switch r {
	case '"', '\'', ',', '.', 0x066B:
		return true
	}
	return false
}

var capitalSigma = []byte{0xCE, 0xA3}

func hasCapitalSigma(s []byte) bool { return bytes.Contains(s, capitalSigma) }

// wordStarts marks, for the characters cs, which of them start a word
// (starts[i]: a boundary before cs[i]; the end is always one), as
// BreakIterator.isBoundary reports them (see the file comment for the rules
// and quirks it reproduces).
func wordStarts(cs []rune, starts []bool) {
	n := len(cs)
	cls := func(j int) uint32 {
		r := cs[j]
		if r == 0x00AD {
			return wordOther // a joiner (isMidWord), not an ignored format character
		}
		c := wordClass(r)
		if c == wordIgnore && !isFormat(r) {
			return wordMark
		}
		return c
	}
	skipFormat := func(j int) int {
		for j < n && cls(j) == wordIgnore {
			j++
		}
		return j
	}
	skipMarks := func(j int) int {
		// (the kana voicing marks U+3099, U+309A are marks after other characters)
		for j < n && (cls(j) == wordIgnore || cls(j) == wordMark || cs[j] == 0x3099 || cs[j] == 0x309A) {
			j++
		}
		return j
	}
	kanaRun := func(j int, in func(uint32) bool) int {
		for {
			j = skipMarks(j)
			if j < n && in(cls(j)) {
				j++
				continue
			}
			return j
		}
	}
	i := 0
	for i < n {
		starts[i] = true
		j := skipFormat(i) // format characters (Cf) are transparent, also at the start
		if j >= n {
			i = j
			break
		}
		c := cls(j)
		j++
		switch c {
		case wordLetter, wordDigit:
			prev := c
			for {
				if prev == wordDanda {
					j = skipFormat(j) // no marks after a danda
				} else {
					j = skipMarks(j)
				}
				if j >= n {
					break
				}
				cj := cls(j)
				if cj == wordLetter || cj == wordDigit {
					if prev == wordDanda && cj != wordDigit {
						break
					}
					prev = cj
					j++
					continue
				}
				if prev == wordLetter && (cs[j] == 0x0964 || cs[j] == 0x0965) {
					prev = wordDanda // a danda ends the letters; digits may follow
					j++
					continue
				}
				// one joiner between two letters or two digits (format
				// characters may follow it, marks may not)
				k := skipFormat(j + 1)
				if k < n {
					ck := cls(k)
					if prev == wordLetter && ck == wordLetter && isMidWord(cs[j]) ||
						prev == wordDigit && ck == wordDigit && isMidNum(cs[j]) {
						j = k + 1
						continue
					}
				}
				break
			}
		case wordKanji:
			j = kanaRun(j, func(c uint32) bool { return c == wordKanji })
		case wordHira, wordKata, wordKana:
			// the longer of a hiragana run and a katakana run
			h := kanaRun(j, func(c uint32) bool { return c == wordHira || c == wordKana })
			k := kanaRun(j, func(c uint32) bool { return c == wordKata || c == wordKana })
			if c == wordHira {
				j = h
			} else if c == wordKata {
				j = k
			} else {
				j = max(h, k)
			}
		case wordMark:
			// a mark that starts a word is a word by itself
		default:
			j = skipMarks(j)
		}
		for k := i + 1; k < j; k++ {
			starts[k] = false
		}
		i = j
	}
	// isBoundary(offset) is following(offset - 1) == offset: after a
	// supplementary character offset - 1 is its low surrogate, from which the
	// iterator always finds a boundary at offset (except for the first
	// character of the text, where it backs up to the beginning).
	for k := 1; k < n; k++ {
		if cs[k] >= 0x10000 {
			starts[k+1] = true
		}
	}
}

// isFormat: Unicode category Cf.
func isFormat(r rune) bool { return lookupRanges(formatRanges[:], r) != 0 }

// sigmaScratch is reused across the rows of a batch.
type sigmaScratch struct {
	cs     []rune
	starts []bool
}

// lowerWithSigma appends the lower case of s (which holds a Σ) to dst.
func lowerWithSigma(dst, s []byte, scratch *sigmaScratch) []byte {
	cs := scratch.cs[:0]
	for i := 0; i < len(s); {
		n, ok := javaStep(s, i)
		if ok {
			r, _ := utf8.DecodeRune(s[i : i+n])
			cs = append(cs, r)
		} else {
			cs = append(cs, utf8.RuneError)
		}
		i += n
	}
	scratch.cs = cs
	if cap(scratch.starts) < len(cs)+1 {
		scratch.starts = make([]bool, len(cs)+1)
	}
	starts := scratch.starts[:len(cs)+1]
	clear(starts)
	wordStarts(cs, starts)
	starts[len(cs)] = true
	var buf [4]byte
	for i, r := range cs {
		switch {
		case r == 0x03A3:
			if finalCased(cs, starts, i) {
				dst = append(dst, 0xCF, 0x82) // ς
			} else {
				dst = append(dst, 0xCF, 0x83) // σ
			}
		case r < 0x80:
			if uint32(r-'A') < 26 {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
		default:
			if m, ok := mapRune(lowerKeys[:], lowerEnds[:], lowerPool, r); ok {
				dst = append(dst, m...)
			} else {
				n := utf8.EncodeRune(buf[:], r)
				dst = append(dst, buf[:n]...)
			}
		}
	}
	return dst
}

// finalCased is ConditionalSpecialCasing.isFinalCased for the Σ at cs[i].
func finalCased(cs []rune, starts []bool, i int) bool {
	for j := i; j > 0 && !starts[j]; j-- {
		if isCased(cs[j-1]) {
			for k := i + 1; k < len(cs) && !starts[k]; k++ {
				if isCased(cs[k]) {
					return false
				}
			}
			return true
		}
	}
	return false
}
