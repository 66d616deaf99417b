package datetime

// Spark: datetimeExpressions.scala, Year (GetDateField, IntegerType result) is
// DateTimeUtils.getYear: daysToLocalDate(days).getYear, the proleptic Gregorian year with year 0 = 1 BC.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Year is Spark's Year of every date of a (DateType); NULL stays NULL.
func Year(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return mapDays(mem, intResult, a, func(in, out []int32) {
		for i, x := range in {
			y, _, _ := civil(int64(x))
			out[i] = int32(y)
		}
	}), nil
}
