package datetime

// Spark: datetimeExpressions.scala, DateSub(startDate, days): days is int,
// smallint or tinyint, the result `start - days` in Java int arithmetic: it
// wraps on overflow, in every eval mode.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

func subDays[T smallInt](a []int32, b []T, out []int32) {
	b = b[:len(a)]
	out = out[:len(a)]
	for i, x := range a {
		out[i] = x - int32(b[i])
	}
}

// DateSub is start - days for every row (daysType: int, smallint or tinyint).
func DateSub(mem memory.Allocator, daysType types.DataType, start, days arrow.Array) (arrow.Array, error) {
	return daysArg("DateSub", mem, daysType, start, days, subDays[int32], subDays[int16], subDays[int8])
}
