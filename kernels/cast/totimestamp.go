package cast

// Spark: Cast.scala castToTimestamp for BooleanType, FloatType, DoubleType and
// DecimalType sources, and the DateType cases of castToBoolean / castToByte /
// ... / castToDecimal / castToDouble:
//
//   - boolean -> timestamp (LEGACY only: not an ANSI cast): 1 microsecond for
//     true, 0 for false;
//   - float/double -> timestamp: LEGACY: NULL for NaN and infinities, else
//     (d * 1e6).toLong (Java's saturating conversion); ANSI
//     (doubleToTimestampAnsi): NaN or an infinity raises CAST_INVALID_INPUT,
//     DoubleExactNumeric.toLong(d * 1e6) CAST_OVERFLOW (the product as a
//     double, to BIGINT); TRY: NULL where ANSI raises (a float is first
//     widened to double);
//   - decimal -> timestamp, every mode: (d.toBigDecimal * MICROS_PER_SECOND)
//     .longValue: the product truncated toward zero and then its low 64 bits
//     (the Scala multiplication rounds to 34 digits: the serde accepts
//     precision <= 28 only, whose products are exact);
//   - date -> boolean and numbers (LEGACY only): always NULL.

import (
	"math"
	"math/big"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// toTimestampSupported lists the pairs of this file.
func toTimestampSupported(from, to types.DataType, mode kernels.EvalMode) bool {
	switch {
	case from.ID == types.Boolean && to.ID == types.Timestamp:
		return mode == kernels.Legacy
	case (from.ID == types.Float || from.ID == types.Double) && to.ID == types.Timestamp:
		return true
	case from.ID == types.Decimal && to.ID == types.Timestamp:
		return from.Precision <= 28
	case from.ID == types.Date && (to.IsNumeric() || to.ID == types.Boolean):
		return mode == kernels.Legacy
	}
	return false
}

// ToTimestamp runs the casts toTimestampSupported lists.
func ToTimestamp(mem memory.Allocator, from, to types.DataType, arr arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	n := arr.Len()
	if from.ID == types.Date {
		return array.MakeArrayOfNull(mem, to.ArrowType(""), n), nil
	}
	buf, out := kutil.NewValues[int64](mem, n)
	f := &rowFailures{mem: mem, in: arr, mode: mode}
	switch from.ID {
	case types.Boolean:
		b := arr.(*array.Boolean)
		for i := range out {
			out[i] = 0
			if b.Value(i) {
				out[i] = 1
			}
		}
	case types.Float:
		floatingToTimestamp(kutil.Values[float32](arr)[:n], out, mode, f)
	case types.Double:
		floatingToTimestamp(kutil.Values[float64](arr)[:n], out, mode, f)
	case types.Decimal:
		in := kutil.Values[decimal128.Num](arr)[:n]
		if from.Precision <= 12 {
			// |unscaled * 10^6| < 10^18: int64, and Go's / truncates toward zero as Java's.
			div := int64(math.Pow10(int(from.Scale)))
			for i, v := range in {
				out[i] = int64(v.LowBits()) * microsPerSecond / div
			}
			break
		}
		var x big.Int
		div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(from.Scale)), nil)
		million := big.NewInt(microsPerSecond)
		mask := new(big.Int).SetUint64(math.MaxUint64)
		for i, v := range in {
			x.Mul(v.BigInt(), million)
			x.Quo(&x, div) // truncated toward zero, as BigDecimal.longValue
			if x.IsInt64() {
				out[i] = x.Int64()
				continue
			}
			out[i] = int64(x.And(&x, mask).Uint64()) // the low 64 bits of the two's complement
		}
	default:
		buf.Release()
		return nil, kernels.ErrUnsupported("cast from %s to %s", from, to)
	}
	return f.finish(to.ArrowType(""), buf)
}

func floatingToTimestamp[F float](in []F, out []int64, mode kernels.EvalMode, f *rowFailures) {
	for i, v := range in {
		d := float64(v)
		out[i] = 0
		if math.IsNaN(d) || math.IsInf(d, 0) {
			ff := f.mode
			if mode == kernels.Legacy {
				f.mode = kernels.Try
			}
			ok := f.fail(i, func() error {
				return kernels.ErrCastInvalidInput(sqlFloat(d, types.DoubleType), types.DoubleType, types.TimestampType)
			})
			f.mode = ff
			if !ok {
				return
			}
			continue
		}
		x := d * microsPerSecond
		if mode != kernels.Legacy && !(math.Floor(x) <= math.MaxInt64 && math.Ceil(x) >= math.MinInt64) {
			if !f.fail(i, func() error {
				return kernels.ErrCastOverflow(sqlFloat(x, types.DoubleType), types.DoubleType, types.LongType)
			}) {
				return
			}
			continue
		}
		out[i] = d2l(x)
	}
}
