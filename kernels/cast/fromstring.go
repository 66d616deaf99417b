package cast

// Spark: Cast.scala castToBoolean / castToByte..Long / castToFloat /
// castToDouble / castToDecimal for a StringType source:
//
//   - boolean: StringUtils.isTrueString / isFalseString: UTF8String.trimAll
//     (bytes 0x00-0x20 and 0x7F: Character.isWhitespace or isISOControl of a
//     byte), then lower-cased one of t, true, y, yes, 1 / f, false, n, no, 0.
//   - byte/short/int/long: UTF8String.toLong / toInt (then the short / byte
//     range check), trimming as trimAll, an optional + or -, ASCII digits;
//     LEGACY mode also accepts a '.' followed by digits only, and truncates
//     ("1.9" -> 1, "1." -> 1, "." -> 0); ANSI and TRY (toLongExact etc.,
//     allowDecimal = false) do not.
//   - float/double: java.lang.Float/Double.parseFloat / parseDouble of the
//     string (String.trim: chars <= ' '; Java's grammar: sign, NaN, Infinity,
//     decimal digits with '.', exponent, hex with a binary exponent, an
//     optional f/F/d/D suffix), else Cast.processFloatingPointSpecialLiterals
//     (trimmed, lower-cased inf, +inf, infinity, +infinity, -inf, -infinity,
//     nan). TRY uses the legacy cast for this pair.
//   - decimal: Decimal.fromString: new java.math.BigDecimal(s.trim) (sign,
//     digits including non-ASCII BMP decimal digits, '.', exponent), NULL
//     when it has more than 38 integral digits, then changePrecision HALF_UP.
//
// Invalid input is NULL in LEGACY and TRY mode and CAST_INVALID_INPUT in ANSI
// mode (the value quoted as Spark's toSQLValue); in ANSI mode a decimal with
// more than 38 integral digits is NUMERIC_OUT_OF_SUPPORTED_RANGE and an
// overflow of the target NUMERIC_VALUE_OUT_OF_RANGE.

import (
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/decimal"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// stringValues returns the int32 offsets (one more than rows, absolute into
// data) and the data of a string array.
func stringValues(arr arrow.Array) ([]int32, []byte) {
	d := arr.Data()
	n := d.Len()
	var offs []int32
	if b := d.Buffers()[1]; b != nil && b.Len() > 0 {
		offs = arrow.Int32Traits.CastFromBytes(b.Bytes())[d.Offset() : d.Offset()+n+1]
	} else {
		offs = make([]int32, n+1)
	}
	var data []byte
	if b := d.Buffers()[2]; b != nil {
		data = b.Bytes()
	}
	return offs, data
}

// FromString casts a string array to boolean, an integral type, float,
// double or decimal.
func FromString(mem memory.Allocator, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	offs, data := stringValues(arr)
	n := arr.Len()
	f := &rowFailures{mem: mem, in: arr, mode: mode}
	if mode == kernels.Legacy {
		f.mode = kernels.Try // invalid input is NULL
	}
	invalid := func(i int) bool {
		return f.fail(i, func() error {
			return kernels.ErrCastInvalidInput(sqlString(string(data[offs[i]:offs[i+1]])), types.StringType, to)
		})
	}
	var buf *memory.Buffer
	switch to.ID {
	case types.Boolean:
		buf = kutil.NewBitmap(mem, n)
		out := buf.Bytes()
		for i := 0; i < n; i++ {
			v, ok := parseBool(data[offs[i]:offs[i+1]])
			if !ok {
				if !invalid(i) {
					break
				}
				continue
			}
			if v {
				out[i>>3] |= 1 << (i & 7)
			}
		}
	case types.Byte:
		var out []int8
		buf, out = kutil.NewValues[int8](mem, n)
		stringToIntegral(offs, data, out, mode == kernels.Legacy, invalid)
	case types.Short:
		var out []int16
		buf, out = kutil.NewValues[int16](mem, n)
		stringToIntegral(offs, data, out, mode == kernels.Legacy, invalid)
	case types.Int:
		var out []int32
		buf, out = kutil.NewValues[int32](mem, n)
		stringToIntegral(offs, data, out, mode == kernels.Legacy, invalid)
	case types.Long:
		var out []int64
		buf, out = kutil.NewValues[int64](mem, n)
		stringToIntegral(offs, data, out, mode == kernels.Legacy, invalid)
	case types.Float:
		var out []float32
		buf, out = kutil.NewValues[float32](mem, n)
		for i := range out {
			v, ok := parseJavaDouble(data[offs[i]:offs[i+1]], 32)
			out[i] = float32(v)
			if !ok && !invalid(i) {
				break
			}
		}
	case types.Double:
		var out []float64
		buf, out = kutil.NewValues[float64](mem, n)
		for i := range out {
			v, ok := parseJavaDouble(data[offs[i]:offs[i+1]], 64)
			out[i] = v
			if !ok && !invalid(i) {
				break
			}
		}
	case types.Decimal:
		var out []num
		buf, out = kutil.NewValues[num](mem, n)
		var scratch []byte
		for i := range out {
			s := data[offs[i]:offs[i+1]]
			v, st := parseDecimal(s, to.Precision, to.Scale, &scratch)
			out[i] = v
			ok := true
			switch st {
			case decInvalid:
				ok = invalid(i)
			case decTooBig:
				ok = f.fail(i, func() error { return kernels.ErrNumericOutOfSupportedRange(string(s)) })
			case decOverflow:
				ok = f.fail(i, func() error {
					return kernels.ErrNumericValueOutOfRange(decimalPlainOfString(s), to.Precision, to.Scale)
				})
			}
			if !ok {
				break
			}
		}
	default:
		return nil, kernels.ErrUnsupported("cast from string to %s", to)
	}
	return f.finish(to.ArrowType(""), buf)
}

// isSpaceOrControl is UTF8String.isWhitespaceOrISOControl of a byte: the
// signed byte as a code point, so only ASCII whitespace and controls.
func isSpaceOrControl(b byte) bool { return b <= 0x20 || b == 0x7f }

// trimAll is UTF8String.trimAll.
func trimAll(s []byte) []byte {
	i, j := 0, len(s)
	for i < j && isSpaceOrControl(s[i]) {
		i++
	}
	for j > i && isSpaceOrControl(s[j-1]) {
		j--
	}
	return s[i:j]
}

// javaTrim is java.lang.String.trim: code units <= ' ' at both ends.
func javaTrim(s []byte) []byte {
	i, j := 0, len(s)
	for i < j && s[i] <= ' ' {
		i++
	}
	for j > i && s[j-1] <= ' ' {
		j--
	}
	return s[i:j]
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

// equalFoldASCII reports whether s lower-cased is w (w lower-case ASCII).
func equalFoldASCII(s []byte, w string) bool {
	if len(s) != len(w) {
		return false
	}
	for i := range s {
		if lower(s[i]) != w[i] {
			return false
		}
	}
	return true
}

func parseBool(s []byte) (v, ok bool) {
	s = trimAll(s)
	switch len(s) {
	case 1:
		switch lower(s[0]) {
		case 't', 'y', '1':
			return true, true
		case 'f', 'n', '0':
			return false, true
		}
	case 2:
		if equalFoldASCII(s, "no") {
			return false, true
		}
	case 3:
		if equalFoldASCII(s, "yes") {
			return true, true
		}
	case 4:
		if equalFoldASCII(s, "true") {
			return true, true
		}
	case 5:
		if equalFoldASCII(s, "false") {
			return false, true
		}
	}
	return false, false
}

// parseLong is UTF8String.toLong(result, allowDecimal), accumulating
// negatively down to min (Long.MIN_VALUE or Integer.MIN_VALUE).
func parseLong(s []byte, allowDecimal bool, min int64) (int64, bool) {
	s = trimAll(s)
	if len(s) == 0 {
		return 0, false
	}
	i := 0
	neg := s[0] == '-'
	if neg || s[0] == '+' {
		if len(s) == 1 {
			return 0, false
		}
		i++
	}
	stop := min / 10
	var r int64
	for ; i < len(s); i++ {
		b := s[i]
		if b == '.' && allowDecimal {
			i++
			break
		}
		if b < '0' || b > '9' {
			return 0, false
		}
		if r < stop {
			return 0, false
		}
		r = r*10 - int64(b-'0')
		if r > 0 || r < min {
			return 0, false
		}
	}
	for ; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	if !neg {
		r = -r
		if r < 0 {
			return 0, false
		}
	}
	return r, true
}

func stringToIntegral[T integer](offs []int32, data []byte, out []T, allowDecimal bool, invalid func(int) bool) {
	var zero T
	var min int64 = math.MinInt32
	if unsafe.Sizeof(zero) == 8 {
		min = math.MinInt64
	}
	for i := range out {
		v, ok := parseLong(data[offs[i]:offs[i+1]], allowDecimal, min)
		t := T(v)
		out[i] = t
		if !ok || int64(t) != v {
			out[i] = 0
			if !invalid(i) {
				return
			}
		}
	}
}

// parseJavaDouble is `try s.toDouble catch processFloatingPointSpecialLiterals`
// (bits 64) or the float version (bits 32).
func parseJavaDouble(raw []byte, bits int) (float64, bool) {
	s := javaTrim(raw)
	if v, ok := parseJavaFloatingLiteral(s, bits); ok {
		return v, true
	}
	switch {
	case equalFoldASCII(s, "inf"), equalFoldASCII(s, "+inf"), equalFoldASCII(s, "infinity"), equalFoldASCII(s, "+infinity"):
		return math.Inf(1), true
	case equalFoldASCII(s, "-inf"), equalFoldASCII(s, "-infinity"):
		return math.Inf(-1), true
	case equalFoldASCII(s, "nan"):
		return math.NaN(), true
	}
	return 0, false
}

// parseJavaFloatingLiteral is FloatingDecimal.readJavaFormatString (and its
// hex form) over a trimmed string: Java's grammar is checked here and the
// value, correctly rounded as in Java, comes from strconv.
func parseJavaFloatingLiteral(s []byte, bits int) (float64, bool) {
	n := len(s)
	if n == 0 {
		return 0, false
	}
	i := 0
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		i++
	}
	if i >= n {
		return 0, false
	}
	rest := s[i:]
	switch {
	case string(rest) == "NaN":
		return math.NaN(), true
	case string(rest) == "Infinity":
		if neg {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if n > i+1 && s[i] == '0' && (s[i+1] == 'x' || s[i+1] == 'X') {
		return parseJavaHex(s, bits)
	}
	// Decimal: digits and at most one '.', at least one digit; then an
	// optional exponent with at least one digit; then an optional suffix.
	j := i
	digits, dots := 0, 0
	for ; j < n; j++ {
		c := s[j]
		if c >= '0' && c <= '9' {
			digits++
		} else if c == '.' {
			dots++
			if dots > 1 {
				return 0, false
			}
		} else {
			break
		}
	}
	if digits == 0 {
		return 0, false
	}
	end := j
	if j < n && (s[j] == 'e' || s[j] == 'E') {
		j++
		if j < n && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for j < n && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == k {
			return 0, false
		}
		end = j
	}
	if j < n {
		if j != n-1 {
			return 0, false
		}
		switch s[j] {
		case 'f', 'F', 'd', 'D':
		default:
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(bytesString(s[:end]), bits)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return v, true
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// parseJavaHex is FloatingDecimal.parseHexString: the whole string matches
// ([-+])?0[xX](((\p{XDigit}+)\.?)|((\p{XDigit}*)\.(\p{XDigit}+)))[pP]([-+])?(\p{Digit}+)[fFdD]?
func parseJavaHex(s []byte, bits int) (float64, bool) {
	n := len(s)
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i++
	}
	i += 2 // 0x
	before := 0
	for i < n && isHex(s[i]) {
		i++
		before++
	}
	after := 0
	if i < n && s[i] == '.' {
		i++
		for i < n && isHex(s[i]) {
			i++
			after++
		}
	}
	if before == 0 && after == 0 {
		return 0, false
	}
	if i >= n || (s[i] != 'p' && s[i] != 'P') {
		return 0, false
	}
	i++
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	k := i
	for i < n && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == k {
		return 0, false
	}
	end := i
	if i < n {
		if i != n-1 {
			return 0, false
		}
		switch s[i] {
		case 'f', 'F', 'd', 'D':
		default:
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(bytesString(s[:end]), bits)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return v, true
}

type decStatus int8

const (
	decOK decStatus = iota
	decInvalid
	decTooBig   // more than 38 integral digits
	decOverflow // does not fit the target
)

// javaDigit is Character.digit(c, 10) for a BMP code point that
// Character.isDigit accepts (Unicode 13's Nd; Go's table has no BMP digits
// added since), -1 for others. Supplementary code points are two chars in
// Java, neither a digit.
func javaDigit(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if r > 0xffff || !unicode.IsDigit(r) {
		return -1
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return -1
}

// bigDecimal is a parsed java.math.BigDecimal: the digits of its unscaled
// value without leading zeros (empty for zero) and its scale.
type bigDecimal struct {
	neg    bool
	digits []byte // values 0-9
	scale  int64
}

// parseBigDecimal is new java.math.BigDecimal(s) (s already trimmed).
func parseBigDecimal(s []byte, scratch *[]byte) (bigDecimal, bool) {
	d := bigDecimal{digits: (*scratch)[:0]}
	d, ok := parseBigDecimalInto(s, d)
	*scratch = d.digits[:0]
	return d, ok
}

func parseBigDecimalInto(s []byte, d bigDecimal) (bigDecimal, bool) {
	i := 0
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		d.neg = s[0] == '-'
		i++
	}
	seen, dot := false, false
	var frac int64
	var exp int64
	for i < len(s) {
		c := s[i]
		var v int
		size := 1
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c == '.':
			if dot {
				return d, false
			}
			dot = true
			i++
			continue
		case c == 'e' || c == 'E':
			e, ok := parseBigDecimalExp(s[i+1:])
			if !ok {
				return d, false
			}
			exp = e
			i = len(s)
			continue
		case c >= 0x80:
			r, sz := decodeRune(s[i:])
			v, size = javaDigit(r), sz
			if v < 0 {
				return d, false
			}
		default:
			return d, false
		}
		seen = true
		if dot {
			frac++
		}
		if v != 0 || len(d.digits) > 0 {
			d.digits = append(d.digits, byte(v))
		}
		i += size
	}
	if !seen {
		return d, false
	}
	scale := frac - exp
	if scale > math.MaxInt32 || scale < math.MinInt32 {
		return d, false
	}
	d.scale = scale
	return d, true
}

// parseBigDecimalExp is BigDecimal.parseExp over the characters after 'e'.
func parseBigDecimalExp(s []byte) (int64, bool) {
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var ds []int
	for i := 0; i < len(s); {
		var v, size int
		if s[i] < 0x80 {
			v, size = -1, 1
			if s[i] >= '0' && s[i] <= '9' {
				v = int(s[i] - '0')
			}
		} else {
			var r rune
			r, size = decodeRune(s[i:])
			v = javaDigit(r)
		}
		if v < 0 {
			return 0, false
		}
		ds = append(ds, v)
		i += size
	}
	if len(ds) == 0 {
		return 0, false
	}
	for len(ds) > 10 && ds[0] == 0 {
		ds = ds[1:]
	}
	if len(ds) > 10 {
		return 0, false
	}
	var e int64
	for _, v := range ds {
		e = e*10 + int64(v)
	}
	if neg {
		e = -e
	}
	if e > math.MaxInt32 || e < math.MinInt32 {
		return 0, false
	}
	return e, true
}

// decodeRune decodes one UTF-8 sequence; invalid bytes become U+FFFD (as
// UTF8String.toString does), which is not a digit.
func decodeRune(s []byte) (rune, int) {
	r, size := rune(0xfffd), 1
	if len(s) > 0 {
		rr, sz := utf8DecodeRune(s)
		r, size = rr, sz
	}
	return r, size
}

// parseDecimal is Decimal.fromString(s) then changePrecision(p, s) HALF_UP.
func parseDecimal(raw []byte, p, scale int32, scratch *[]byte) (num, decStatus) {
	d, ok := parseBigDecimal(javaTrim(raw), scratch)
	if !ok {
		return num{}, decInvalid
	}
	prec := int64(len(d.digits))
	if prec == 0 {
		prec = 1
	}
	if prec-d.scale > 38 {
		return num{}, decTooBig
	}
	if len(d.digits) == 0 {
		return num{}, decOK
	}
	// value = digits * 10^-d.scale; unscaled at the target scale is
	// digits * 10^shift.
	shift := int64(scale) - d.scale
	nd := int64(len(d.digits))
	if keep := nd + shift; keep <= 18 && (shift >= 0 || keep >= 0) {
		// Fast path: the kept digits fit a uint64.
		var v uint64
		if shift >= 0 {
			for _, c := range d.digits {
				v = v*10 + uint64(c)
			}
			v *= uint64(decimal.Pow10Int64(int(shift)))
		} else {
			for _, c := range d.digits[:keep] {
				v = v*10 + uint64(c)
			}
			if d.digits[keep] >= 5 {
				v++
			}
		}
		if p <= 18 && v >= uint64(decimal.Pow10Int64(int(p))) {
			return num{}, decOverflow
		}
		return decimal.Signed(decimal.U128{Lo: v}, d.neg), decOK
	}
	var m decimal.U128
	if shift >= 0 {
		if nd+shift > int64(p) {
			return num{}, decOverflow
		}
		for _, v := range d.digits {
			m = mul10Add(m, uint64(v))
		}
		for k := int64(0); k < shift; k++ {
			m = mul10Add(m, 0)
		}
	} else {
		keep := nd + shift
		if keep > int64(p) {
			return num{}, decOverflow
		}
		roundUp := false
		if keep >= 0 {
			for _, v := range d.digits[:keep] {
				m = mul10Add(m, uint64(v))
			}
			roundUp = d.digits[keep] >= 5
		}
		if roundUp {
			m, _ = m.Add(decimal.U128{Lo: 1})
		}
		if !decimal.FitsPrecision(m, p) {
			return num{}, decOverflow
		}
	}
	return decimal.Signed(m, d.neg), decOK
}

func mul10Add(m decimal.U128, v uint64) decimal.U128 {
	x, _ := m.To256().MulU64(10)
	r := x.Lo128()
	r, _ = r.Add(decimal.U128{Lo: v})
	return r
}

// decimalPlainOfString is Decimal(new BigDecimal(s.trim)).toPlainString, for
// the NUMERIC_VALUE_OUT_OF_RANGE message (s parses).
func decimalPlainOfString(raw []byte) string {
	var scratch []byte
	d, _ := parseBigDecimal(javaTrim(raw), &scratch)
	digits := make([]byte, len(d.digits))
	for i, v := range d.digits {
		digits[i] = '0' + v
	}
	if len(digits) == 0 {
		digits = []byte{'0'}
	}
	scale := d.scale
	if scale < 0 {
		for k := int64(0); k < -scale; k++ {
			digits = append(digits, '0')
		}
		scale = 0
	}
	out := []byte{}
	if d.neg {
		out = append(out, '-')
	}
	if scale == 0 {
		return string(append(out, digits...))
	}
	if int64(len(digits)) <= scale {
		out = append(out, '0', '.')
		for k := int64(len(digits)); k < scale; k++ {
			out = append(out, '0')
		}
		return string(append(out, digits...))
	}
	ip := int64(len(digits)) - scale
	out = append(out, digits[:ip]...)
	out = append(out, '.')
	return string(append(out, digits[ip:]...))
}

func utf8DecodeRune(s []byte) (rune, int) { return utf8.DecodeRune(s) }

// bytesString views b as a string without copying; the string must not
// outlive b or be kept.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
