package math

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala,
// IntegralDivide (`div`) in LEGACY mode. The analyzer casts integral operands
// to bigint (inputType LongType or DecimalType); the result is always bigint.
// A NULL operand or a zero divisor gives NULL (DivModLike). Long: Java's `/`,
// truncated toward zero, Long.MinValue div -1 = Long.MinValue (wraps).
// Decimal: Decimal.quot (BigDecimal.divideToIntegralValue, truncated toward
// zero), then checkDecimalOverflow to decimal(bounded(p1 - s1 + s2), 0) (never
// fails: operands with p1 - s1 + s2 > 38 are refused, see DecimalQuotientFits),
// then Decimal.toLong, which keeps
// the low 64 bits of a quotient beyond the long range (BigDecimal.longValue).

import (
	"math/big"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

// divLong is Java's long /: Go, like Java, gives MinInt64 for MinInt64 / -1.
func divLong(a, b, out []int64) {
	a, b = a[:len(out)], b[:len(out)]
	for i := range out {
		d := b[i]
		if d == 0 {
			d = 1 // the row is NULL; avoid the trap
		}
		out[i] = a[i] / d
	}
}

// IntegralDivide computes l div r for two bigint or two decimal operands of
// types lt and rt; the result is bigint.
func IntegralDivide(mem memory.Allocator, lt, rt types.DataType, l, r arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	mode, err := checkDivMode("IntegralDivide", mode, lt, rt)
	if err != nil {
		return nil, err
	}
	switch lt.ID {
	case types.Long:
		if err := integralDivideError(l, r, mode); err != nil {
			return nil, err
		}
	case types.Decimal:
		// The quotient fits decimal(p1 - s1 + s2, 0) (checkDivMode): only a zero
		// divisor raises.
		if err := divisionError(lt, l, r, mode); err != nil {
			return nil, err
		}
	}
	dt := arrow.PrimitiveTypes.Int64
	switch {
	case lt.ID == types.Long && rt.ID == types.Long:
		return divLike(mem, dt, l, r, divLong), nil
	case lt.ID == types.Decimal && rt.ID == types.Decimal:
		intDigits := max(1, lt.Precision-lt.Scale+rt.Scale)
		intDigits = min(intDigits, types.MaxDecimalPrecision)
		var q big.Int
		mask := new(big.Int).SetUint64(^uint64(0))
		return decimalOp(mem, dt, lt, rt, l, r, func(a, b *big.Int) (int64, bool) {
			q.Quo(a, b) // truncated toward zero
			if _, ok := fitsDecimal(&q, intDigits); !ok {
				return 0, false
			}
			if q.IsInt64() {
				return q.Int64(), true
			}
			// BigDecimal.longValue: the low 64 bits of the two's complement.
			var low big.Int
			low.And(&q, mask) // big.Int And works on two's complement
			return int64(low.Uint64()), true
		}, func(a, b int64) int64 {
			// |a / b| < 10^(p1 - s1 + s2): it fits the quotient's decimal type.
			return a / b
		}), nil
	}
	return nil, kernels.ErrUnsupported("IntegralDivide of %s and %s", lt, rt)
}
