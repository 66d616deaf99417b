package datetime

// Spark: datetimeExpressions.scala, Month (GetDateField, IntegerType result) is
// DateTimeUtils.getMonth: daysToLocalDate(days).getMonthValue (January = 1).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Month is Spark's Month of every date of a (DateType); NULL stays NULL.
func Month(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return mapDays(mem, intResult, a, func(in, out []int32) {
		for i, x := range in {
			_, m, _ := civil(int64(x))
			out[i] = m
		}
	}), nil
}
