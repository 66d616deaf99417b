package datetime

// Spark: datetimeExpressions.scala, Quarter (GetDateField, IntegerType result) is
// DateTimeUtils.getQuarter: daysToLocalDate(days).get(IsoFields.QUARTER_OF_YEAR), (month - 1) / 3 + 1.

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Quarter is Spark's Quarter of every date of a (DateType); NULL stays NULL.
func Quarter(mem memory.Allocator, a arrow.Array) (arrow.Array, error) {
	return mapDays(mem, intResult, a, func(in, out []int32) {
		for i, x := range in {
			_, m, _ := civil(int64(x))
			out[i] = (m-1)/3 + 1
		}
	}), nil
}
