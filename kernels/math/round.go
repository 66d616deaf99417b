package math

// Spark: mathExpressions.scala, Round(child, scale) = RoundBase with HALF_UP:
// - decimal(p, s): the result type is decimal(min(p - s + 1 + min(s, scale),
//   38), min(s, scale)) for scale >= 0 (toPrecision with nullOnOverflow: NULL
//   on overflow, which cannot happen) and decimal(min(max(p - s + 1, 1 -
//   scale), 38), 0) for a negative scale (Decimal.set(BigDecimal, p, 0), which
//   throws DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION when the cap of 38 digits
//   is reached);
// - tinyint .. bigint: unchanged for scale >= 0; else
//   BigDecimal(x).setScale(scale, HALF_UP).intValue() & co in LEGACY mode: the
//   low bits of the rounded value (round(2147483647, -1) = -2147483646);
//   ANSI mode uses the *ValueExact forms (not implemented here);
// - float, double: NaN and the infinities unchanged, else
//   BigDecimal.valueOf(x).setScale(scale, HALF_UP).doubleValue() (floatValue
//   for float): the decimal Double.toString prints, rounded, then converted
//   back (see roundFloat64).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

// Round is round(a, scale) for a of type in, with Spark's result type out.
func Round(mem memory.Allocator, in, out types.DataType, a arrow.Array, scale int32, mode kernels.EvalMode) (arrow.Array, error) {
	return roundAny("Round", mem, in, out, a, scale, halfUp, mode)
}
