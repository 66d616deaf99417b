package datetime

// Spark: datetimeExpressions.scala, LastDay (DateType result) is
// DateTimeUtils.getLastDayOfMonth: (days - localDate.getDayOfMonth) +
// localDate.lengthOfMonth(), in Java int arithmetic (every int32 day's month
// end is an int32 day except in the last month of the range, where the sum
// wraps as Java's does).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// LastDay is the last day of the month of every date of a; NULL stays NULL.
func LastDay(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return mapDays(mem, dateResult, a, func(in, out []int32) {
		for i, x := range in {
			y, m, d := civil(int64(x))
			out[i] = (x - d) + monthLength(y, m)
		}
	}), nil
}
