package datetime

// Spark: datetimeExpressions.scala, DateDiff(endDate, startDate): IntegerType,
// `end - start` in Java int arithmetic (wraps), in every eval mode.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// DateDiff is end - start in days for every row.
func DateDiff(mem memory.Allocator, end, start arrow.Array) (arrow.Array, error) {
	return mapDays2(mem, intResult, end, start, func(a, b, out []int32) {
		b = b[:len(a)]
		out = out[:len(a)]
		for i, x := range a {
			out[i] = x - b[i]
		}
	}), nil
}
