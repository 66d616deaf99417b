package datetime

// Spark: datetimeExpressions.scala, AddMonths(startDate, numMonths) (both
// AddMonthsBase) is DateTimeUtils.dateAddMonths(days, months) =
// localDateToDays(daysToLocalDate(days).plusMonths(months)). plusMonths moves
// the month count (year * 12 + month - 1) and keeps the day of month, clamped
// to the new month's length (resolvePreviousValid: Jan 31 + 1 month = Feb 28
// or 29); a month end that is not the 31st stays that day (Feb 28 + 1 month =
// Mar 28). localDateToDays fails when the result is outside the int day
// range: Spark 3.5.9 raises ARITHMETIC_OVERFLOW ("integer overflow", no
// suggested function) there, in every eval mode, and so does the kernel.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
)

// addMonths is dateAddMonths(days, months); ok is false when the result
// does not fit an int.
func addMonths(days, months int32) (int32, bool) {
	y, m, d := civil(int64(days))
	calc := y*12 + int64(m-1) + int64(months)
	ny := floorDiv(calc, 12)
	nm := int32(calc-ny*12) + 1
	d = min(d, monthLength(ny, nm))
	z := epochDay(ny, nm, d)
	if z != int64(int32(z)) {
		return 0, false
	}
	return int32(z), true
}

// AddMonths is add_months(start, months) for every row.
func AddMonths(mem memory.Allocator, start, months arrow.Array) (arrow.Array, error) {
	var bad int = -1
	out := mapDays2(mem, dateResult, start, months, func(a, b, out []int32) {
		b = b[:len(a)]
		out = out[:len(a)]
		for i, x := range a {
			v, ok := addMonths(x, b[i])
			if !ok {
				if bad < 0 {
					bad = i
				}
				v = 0
			}
			out[i] = v
		}
	})
	if bad >= 0 {
		// the row may be NULL (its values are arbitrary); only a valid row raises
		bits, off := kutil.Validity(out)
		a, b := kutil.Values[int32](start), kutil.Values[int32](months)
		for i := bad; i < out.Len(); i++ {
			if bits != nil && !bitutil.BitIsSet(bits, off+i) {
				continue
			}
			if _, ok := addMonths(a[i], b[i]); !ok {
				out.Release()
				return nil, kernels.ErrArithmeticOverflow("integer overflow", "")
			}
		}
	}
	return out, nil
}
