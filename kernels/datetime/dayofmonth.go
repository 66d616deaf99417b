package datetime

// Spark: datetimeExpressions.scala, DayOfMonth (GetDateField, IntegerType result) is
// DateTimeUtils.getDayOfMonth: daysToLocalDate(days).getDayOfMonth.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// DayOfMonth is Spark's DayOfMonth of every date of a (DateType); NULL stays NULL.
func DayOfMonth(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return mapDays(mem, intResult, a, func(in, out []int32) {
		for i, x := range in {
			_, _, d := civil(int64(x))
			out[i] = d
		}
	}), nil
}
