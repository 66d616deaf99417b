package cast

// Spark: Cast.scala castToDate for a StringType source and
// SparkDateTimeUtils.stringToDate (sql/api/.../catalyst/util/SparkDateTimeUtils.scala):
// the string trimmed as UTF8String.trimAll, an optional sign, then
// `yyyy[y{0,3}]`, `yyyy-[m]m`, `yyyy-[m]m-[d]d`, or `yyyy-[m]m-[d]d` followed by
// ' ' or 'T' and anything (ignored); the year has 4 to 7 digits, month and day
// 1 or 2; missing parts are 1; the date must exist (LocalDate.of), else NULL
// in LEGACY and TRY mode (TRY uses the legacy cast for this pair) and
// CAST_INVALID_INPUT in ANSI mode.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// StringToDate casts a string array to date.
func StringToDate(mem memory.Allocator, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	offs, data := stringValues(arr)
	n := arr.Len()
	f := &rowFailures{mem: mem, in: arr, mode: mode}
	if mode == kernels.Legacy {
		f.mode = kernels.Try
	}
	buf, out := kutil.NewValues[int32](mem, n)
	for i := range out {
		d, ok := parseDate(data[offs[i]:offs[i+1]])
		out[i] = d
		if !ok {
			out[i] = 0
			if !f.fail(i, func() error {
				return kernels.ErrCastInvalidInput(sqlString(string(data[offs[i]:offs[i+1]])), types.StringType, types.DateType)
			}) {
				break
			}
		}
	}
	return f.finish(arrow.FixedWidthTypes.Date32, buf)
}

func validDateDigits(segment, digits int) bool {
	return (segment == 0 && digits >= 4 && digits <= 7) || (segment != 0 && digits > 0 && digits <= 2)
}

// parseDate is stringToDate: days since 1970-01-01, ok=false for None.
func parseDate(raw []byte) (int32, bool) {
	s := trimAll(raw)
	if len(s) == 0 {
		return 0, false
	}
	seg := [3]int64{1, 1, 1}
	sign := int64(1)
	i, j := 0, 0
	if s[0] == '-' || s[0] == '+' {
		if s[0] == '-' {
			sign = -1
		}
		j = 1
	}
	var v int64
	digits := 0
	for j < len(s) && i < 3 && s[j] != ' ' && s[j] != 'T' {
		b := s[j]
		if i < 2 && b == '-' {
			if !validDateDigits(i, digits) {
				return 0, false
			}
			seg[i] = v
			v, digits = 0, 0
			i++
		} else {
			if b < '0' || b > '9' {
				return 0, false
			}
			v = v*10 + int64(b-'0')
			digits++
		}
		j++
	}
	if !validDateDigits(i, digits) {
		return 0, false
	}
	if i < 2 && j < len(s) {
		return 0, false
	}
	seg[i] = v
	y, m, d := sign*seg[0], seg[1], seg[2]
	if m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return 0, false
	}
	return int32(daysFromCivil(y, m, d)), true
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(y, m int64) int64 {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is the epoch day of a proleptic Gregorian date.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
