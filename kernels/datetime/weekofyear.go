package datetime

// Spark: datetimeExpressions.scala, WeekOfYear (GetDateField, IntegerType result) is
// DateTimeUtils.getWeekOfYear: LocalDate.ofEpochDay(days).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), the ISO-8601 week (weeks start on Monday; week 1 holds the year's first Thursday). The week of a day is the week of the Thursday of its Monday-to-Sunday week, counted in that Thursday's year.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// WeekOfYear is Spark's WeekOfYear of every date of a (DateType); NULL stays NULL.
func WeekOfYear(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return mapDays(mem, intResult, a, func(in, out []int32) {
		for i, x := range in {
			thu := int64(x) - int64(isoDayOfWeek(int64(x))) + 4
			_, doy := dayOfYear(thu)
			out[i] = (doy-1)/7 + 1
		}
	}), nil
}
