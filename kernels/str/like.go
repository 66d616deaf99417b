package str

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/regexpExpressions.scala,
// Like (str LIKE pattern [ESCAPE c]): NULL if str is NULL; the pattern is
// turned into a Java regex by StringUtils.escapeLikeRegex (catalyst
// util/StringUtils.scala) over its code points: `_` is one character (`.`
// with DOTALL, so also a newline), `%` any characters, the escape character
// before `_`, `%` or itself makes that character literal, the escape
// character before anything else or at the end is an error
// (ESCAPE_CHARACTER_IN_THE_MIDDLE / _AT_THE_END: CompileLike fails, the plugin
// leaves such patterns to Spark), and the regex must match the whole string.
// The string is matched as the Java String UTF8String.toString gives: a
// malformed UTF-8 sequence is one U+FFFD character (javautf8.go). Only a
// constant pattern is supported.
//
// The pattern is split at `%` into segments of literal bytes and `_`; the
// first segment is matched at the start, the last at the end, the others at
// their leftmost place in between (the leftmost place of a segment also ends
// first, so no backtracking is needed). Patterns without `_` (equality,
// prefix, suffix, contains and their combinations) compare raw bytes:
// every literal begins with a lead byte, so it is found in the raw bytes
// exactly where it is found in the decoded string (unless it holds U+FFFD).

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
)

// likeElem is a literal run of bytes (lit != nil) or one `_`.
type likeElem struct{ lit []byte }

// likeSegment is a part of the pattern between two `%`.
type likeSegment struct {
	elems []likeElem
	chars int // characters it matches
}

// LikePattern is a compiled LIKE pattern.
type LikePattern struct {
	segs        []likeSegment // len(segs) = number of `%` + 1
	decode      bool          // the string must be decoded first (`_` or U+FFFD in the pattern)
	source      string
	literalOnly bool // no `_`
}

func (p *LikePattern) String() string { return p.source }

// CompileLike compiles pattern with escape character escape, with the errors
// of StringUtils.escapeLikeRegex.
func CompileLike(pattern string, escape rune) (*LikePattern, error) {
	if !utf8.ValidString(pattern) {
		return nil, fmt.Errorf("LIKE pattern %q is not valid UTF-8", pattern)
	}
	p := &LikePattern{source: pattern, literalOnly: true}
	cur := likeSegment{}
	addLit := func(r rune) {
		var buf [4]byte
		b := buf[:utf8.EncodeRune(buf[:], r)]
		if k := len(cur.elems); k > 0 && cur.elems[k-1].lit != nil {
			cur.elems[k-1].lit = append(cur.elems[k-1].lit, b...)
		} else {
			cur.elems = append(cur.elems, likeElem{lit: append([]byte(nil), b...)})
		}
		cur.chars++
		if r == utf8.RuneError {
			p.decode = true
		}
	}
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == escape && i+1 < len(rs):
			i++
			switch c2 := rs[i]; {
			case c2 == '_' || c2 == '%' || c2 == escape:
				addLit(c2)
			default:
				return nil, fmt.Errorf("LIKE pattern %q: the escape character is not allowed to precede %q (INVALID_FORMAT.ESC_IN_THE_MIDDLE)", pattern, c2)
			}
		case c == escape:
			return nil, fmt.Errorf("LIKE pattern %q: the escape character is not allowed to end with (INVALID_FORMAT.ESC_AT_THE_END)", pattern)
		case c == '_':
			cur.elems = append(cur.elems, likeElem{})
			cur.chars++
			p.decode, p.literalOnly = true, false
		case c == '%':
			p.segs = append(p.segs, cur)
			cur = likeSegment{}
		default:
			addLit(c)
		}
	}
	p.segs = append(p.segs, cur)
	return p, nil
}

// matchAt matches seg at s[i:] and returns the end, or -1.
func (seg *likeSegment) matchAt(s []byte, i int) int {
	for _, e := range seg.elems {
		if e.lit != nil {
			if !bytes.HasPrefix(s[i:], e.lit) {
				return -1
			}
			i += len(e.lit)
		} else {
			if i >= len(s) {
				return -1
			}
			i += utf8Len(s[i])
		}
	}
	return i
}

// utf8Len is the length of the well-formed character starting with b.
func utf8Len(b byte) int {
	switch {
	case b < 0xE0:
		if b < 0x80 {
			return 1
		}
		return 2
	case b < 0xF0:
		return 3
	}
	return 4
}

// find returns the leftmost match of seg in s[from:] as (start, end), or -1.
func (seg *likeSegment) find(s []byte, from int) (int, int) {
	if len(seg.elems) == 0 {
		return from, from
	}
	if first := seg.elems[0].lit; first != nil {
		for from <= len(s) {
			k := bytes.Index(s[from:], first)
			if k < 0 {
				return -1, -1
			}
			if end := seg.matchAt(s, from+k); end >= 0 {
				return from + k, end
			}
			from += k + 1
		}
		return -1, -1
	}
	for i := from; i < len(s); i += utf8Len(s[i]) {
		if end := seg.matchAt(s, i); end >= 0 {
			return i, end
		}
	}
	return -1, -1
}

// startOfLastChars returns the position k characters before the end of the
// valid UTF-8 s, or -1.
func startOfLastChars(s []byte, k int) int {
	i := len(s)
	for ; k > 0; k-- {
		if i == 0 {
			return -1
		}
		i--
		for i > 0 && isCont(s[i]) {
			i--
		}
	}
	return i
}

// Match reports whether s (valid UTF-8 when p.decode) matches the pattern.
func (p *LikePattern) match(s []byte) bool {
	segs := p.segs
	if len(segs) == 1 {
		return segs[0].matchAt(s, 0) == len(s)
	}
	pos := segs[0].matchAt(s, 0)
	if pos < 0 {
		return false
	}
	last := &segs[len(segs)-1]
	for k := 1; k < len(segs)-1; k++ {
		_, end := segs[k].find(s, pos)
		if end < 0 {
			return false
		}
		pos = end
	}
	var start int
	if p.literalOnly {
		start = len(s)
		for _, e := range last.elems {
			start -= len(e.lit)
		}
	} else {
		start = startOfLastChars(s, last.chars)
	}
	return start >= pos && last.matchAt(s, start) == len(s)
}

// Like matches every string of a against p.
func Like(mem memory.Allocator, a arrow.Array, p *LikePattern) (arrow.Array, error) {
	offs, vals, err := rawBytes("Like", a)
	if err != nil {
		return nil, err
	}
	if _, ok := a.(*array.String); !ok {
		return nil, kernels.ErrUnsupported("Like on %s", a.DataType())
	}
	n := a.Len()
	buf := kutil.NewBitmap(mem, n)
	out := buf.Bytes()
	segs := p.segs
	switch {
	case len(segs) == 2 && len(segs[0].elems) == 0 && p.literalOnly && !p.decode && len(segs[1].elems) == 1:
		endsWithScalar(offs, vals, segs[1].elems[0].lit, out)
	case len(segs) == 2 && len(segs[1].elems) == 0 && p.literalOnly && !p.decode && len(segs[0].elems) == 1:
		startsWithScalar(offs, vals, segs[0].elems[0].lit, out)
	case len(segs) == 3 && len(segs[0].elems) == 0 && len(segs[2].elems) == 0 && p.literalOnly && !p.decode && len(segs[1].elems) == 1:
		containsScalar(offs, vals, segs[1].elems[0].lit, out)
	default:
		var scratch []byte
		for i := 0; i < n; i++ {
			s := vals[offs[i]:offs[i+1]]
			if p.decode && !utf8.Valid(s) {
				scratch = appendJavaString(scratch[:0], s)
				s = scratch
			}
			if p.match(s) {
				out[i>>3] |= 1 << (i & 7)
			}
		}
	}
	validity, nulls := kutil.CopyValidity(mem, a)
	return kutil.MakeArray(arrow.FixedWidthTypes.Boolean, n, nulls, validity, buf), nil
}
