package datetime

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// The calendar arithmetic of java.time.LocalDate (ofEpochDay, toEpochDay) for
// the proleptic Gregorian calendar, with astronomical year numbering (year 0
// is 1 BC), in int64 so that the whole int32 day range and the results of
// plusMonths on it cannot overflow. The algorithm is H. Hinnant's
// days_from_civil / civil_from_days, which agrees with LocalDate day for day.

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// civil returns the year, month (1..12) and day of month (1..31) of epoch
// day z, for |z| <= 2^31 + 3. This is C. Neri and L. Schneider's algorithm
// ("Euclidean affine functions and their application to calendar
// algorithms", 2023): divisions by constants only, the day shifted by s
// 400-year eras so that every value is non-negative.
func civil(z int64) (y int64, m, d int32) {
	const s = 14700 // 146097 * s > 2^31 + 3
	const k = 719468 + 146097*s
	n1 := 4*uint64(z+k) + 3
	c := n1 / 146097
	n2 := uint32(n1%146097)/4*4 + 3
	p2 := uint64(2939745) * uint64(n2)
	ny := uint32(p2) / 2939745 / 4 // day of the March-based year
	n3 := 2141*ny + 197913
	mm := int32(n3 >> 16)
	d = int32((n3&0xFFFF)/2141) + 1
	y = int64(100*c+(p2>>32)) - 400*s
	if ny >= 306 { // January or February: the next civil year
		y++
		mm -= 12
	}
	return y, mm, d
}

// dayOfYear returns the year and the day of the year (1..366) of epoch day z
// (|z| <= 2^31 + 3), from the March-based day civil computes.
func dayOfYear(z int64) (y int64, doy int32) {
	const s = 14700
	const k = 719468 + 146097*s
	n1 := 4*uint64(z+k) + 3
	c := n1 / 146097
	n2 := uint32(n1%146097)/4*4 + 3
	p2 := uint64(2939745) * uint64(n2)
	ny := int32(uint32(p2) / 2939745 / 4)
	y = int64(100*c+(p2>>32)) - 400*s
	if ny >= 306 { // January or February
		return y + 1, ny - 305
	}
	if isLeap(y) {
		return y, ny + 61
	}
	return y, ny + 60
}

// epochDay is the epoch day of year y, month m (1..12), day d.
func epochDay(y int64, m, d int32) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// monthLength is LocalDate.lengthOfMonth.
func monthLength(y int64, m int32) int32 {
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

// isoDayOfWeek is LocalDate.getDayOfWeek().getValue(): 1 = Monday .. 7 =
// Sunday (floorMod(epochDay + 3, 7) + 1).
func isoDayOfWeek(z int64) int32 {
	r := (z + 3) % 7
	if r < 0 {
		r += 7
	}
	return int32(r) + 1
}

// mapDays applies f to every day of a (NULL rows included: f must accept any
// int32), keeping a's NULLs; the result has Arrow type dt (int32 or date32).
func mapDays(mem memory.Allocator, dt arrow.DataType, a arrow.Array, f func(in, out []int32)) arrow.Array {
	n := a.Len()
	in := kutil.Values[int32](a)
	buf, out := kutil.NewValues[int32](mem, n)
	f(in[:n], out)
	validity, nulls := kutil.CopyValidity(mem, a)
	return kutil.MakeArray(dt, n, nulls, validity, buf)
}

// intResult is the Arrow type of Spark's IntegerType results.
var intResult = arrow.PrimitiveTypes.Int32

// dateResult is the Arrow type of Spark's DateType results.
var dateResult = arrow.FixedWidthTypes.Date32
