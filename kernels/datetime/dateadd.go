package datetime

// Spark: datetimeExpressions.scala, DateAdd(startDate, days): days is int,
// smallint or tinyint, the result `start + days` in Java int arithmetic: it
// wraps on overflow, in every eval mode (DateAdd has no ANSI check in 3.5).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/sparkplan/types"
)

func addDays[T smallInt](a []int32, b []T, out []int32) {
	b = b[:len(a)]
	out = out[:len(a)]
	for i, x := range a {
		out[i] = x + int32(b[i])
	}
}

// DateAdd is start + days for every row (daysType: int, smallint or tinyint).
func DateAdd(mem memory.Allocator, daysType types.DataType, start, days arrow.Array) (arrow.Array, error) {
	return daysArg("DateAdd", mem, daysType, start, days, addDays[int32], addDays[int16], addDays[int8])
}
