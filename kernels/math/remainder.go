package math

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala,
// Remainder (`%`, mod) in LEGACY mode, through DivModLike: a NULL operand or a
// zero divisor (0, 0.0 or -0.0, `isZero`) gives NULL. Otherwise integral types
// use Java's `%` (truncated: the sign of the dividend; Int.MinValue % -1 = 0;
// byte and short are computed in int and narrowed); float and double use
// Java's `%`, which is IEEE fmod (NaN for an infinite dividend or a NaN
// operand, the dividend for an infinite divisor), the same as Go's math.Mod,
// exact in float64 so also right for float. Decimals use Decimal.remainder
// (BigDecimal.remainder, exact, scale max(s1, s2), sign of the dividend),
// then checkDecimalOverflow to the result type Spark resolved
// (precision min(p1-s1, p2-s2) + max(s1, s2)): NULL on overflow.

import (
	gomath "math"
	"math/big"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

// remInt is Java's %: Go, like Java, gives 0 for MinValue % -1.
func remInt[T integer](a, b, out []T) {
	a, b = a[:len(out)], b[:len(out)]
	for i := range out {
		d := b[i]
		if d == 0 {
			d = 1 // the row is NULL; avoid the trap
		}
		out[i] = a[i] % d
	}
}

func remDouble(a, b float64) float64 { return gomath.Mod(a, b) }

func remFloat(a, b float32) float32 { return float32(gomath.Mod(float64(a), float64(b))) }

// Remainder computes l % r. For non-decimal types l, r and the result share
// type result; for decimals lt and rt are the operand types and result is the
// decimal type Spark resolved.
func Remainder(mem memory.Allocator, lt, rt, result types.DataType, l, r arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	mode, err := checkDivMode("Remainder", mode, lt, rt)
	if err != nil {
		return nil, err
	}
	if err := divisionError(result, l, r, mode); err != nil {
		return nil, err
	}
	dt := result.ArrowType("")
	switch result.ID {
	case types.Byte:
		return divLike(mem, dt, l, r, remInt[int8]), nil
	case types.Short:
		return divLike(mem, dt, l, r, remInt[int16]), nil
	case types.Int:
		return divLike(mem, dt, l, r, remInt[int32]), nil
	case types.Long:
		return divLike(mem, dt, l, r, remInt[int64]), nil
	case types.Float:
		return divLike(mem, dt, l, r, mapLoop(remFloat)), nil
	case types.Double:
		return divLike(mem, dt, l, r, mapLoop(remDouble)), nil
	case types.Decimal:
		var z big.Int
		return decimalOp(mem, dt, lt, rt, l, r, func(a, b *big.Int) (decimal128.Num, bool) {
			return fitsDecimal(z.Rem(a, b), result.Precision)
		}, func(a, b int64) decimal128.Num { return decimal128.FromI64(a % b) }), nil
	}
	return nil, kernels.ErrUnsupported("Remainder on %s", result)
}
