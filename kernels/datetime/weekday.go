package datetime

// Spark: datetimeExpressions.scala, WeekDay (GetDateField, IntegerType result) is
// DateTimeUtils.getWeekDay: LocalDate.ofEpochDay(days).getDayOfWeek.ordinal, 0 = Monday .. 6 = Sunday.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// WeekDay is Spark's WeekDay of every date of a (DateType); NULL stays NULL.
func WeekDay(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return mapDays(mem, intResult, a, func(in, out []int32) {
		for i, x := range in {
			out[i] = isoDayOfWeek(int64(x)) - 1
		}
	}), nil
}
