package datetime

// Spark: datetimeExpressions.scala, DayOfWeek (GetDateField, IntegerType result) is
// DateTimeUtils.getDayOfWeek: LocalDate.ofEpochDay(days).getDayOfWeek.plus(1).getValue, 1 = Sunday .. 7 = Saturday.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// DayOfWeek is Spark's DayOfWeek of every date of a (DateType); NULL stays NULL.
func DayOfWeek(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return mapDays(mem, intResult, a, func(in, out []int32) {
		for i, x := range in {
			out[i] = isoDayOfWeek(int64(x))%7 + 1
		}
	}), nil
}
