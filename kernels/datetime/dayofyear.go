package datetime

// Spark: datetimeExpressions.scala, DayOfYear (GetDateField, IntegerType result) is
// DateTimeUtils.getDayInYear: daysToLocalDate(days).getDayOfYear (1..366).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// DayOfYear is Spark's DayOfYear of every date of a (DateType); NULL stays NULL.
func DayOfYear(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return mapDays(mem, intResult, a, func(in, out []int32) {
		for i, x := range in {
			_, out[i] = dayOfYear(int64(x))
		}
	}), nil
}
