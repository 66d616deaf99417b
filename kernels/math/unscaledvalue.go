package math

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels/kutil"
)

// UnscaledValue is Spark's UnscaledValue (decimalExpressions.scala):
// Decimal.toUnscaledLong of a decimal of precision <= 18, which the optimizer
// (DecimalAggregates) puts under sums and averages of small decimals. NULL
// stays NULL.
func UnscaledValue(mem memory.Allocator, a arrow.Array) arrow.Array {
	n := a.Len()
	in := kutil.Values[decimal128.Num](a)
	buf, out := kutil.NewValues[int64](mem, n)
	for i, v := range in[:n] {
		out[i] = int64(v.LowBits())
	}
	validity, nulls := kutil.CopyValidity(mem, a)
	return kutil.MakeArray(arrow.PrimitiveTypes.Int64, n, nulls, validity, buf)
}
