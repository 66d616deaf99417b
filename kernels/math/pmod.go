package math

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala,
// Pmod in LEGACY mode: a NULL operand or a zero divisor gives NULL; otherwise
//   r = a % n; if (r < 0) (r + n) % n else r
// in the operands' Java type: int and long wrap in `r + n` (pmod(-1,
// Int.MinValue) = Int.MaxValue); byte and short are computed in int and
// narrowed, so `r + n` does not wrap there; float and double round `r + n`
// to their own precision, and -0.0 (not < 0) stays -0.0; decimals use
// Decimal `%` and `+` exactly, then toPrecision to the result type (NULL on
// overflow). The result type follows Remainder's.

import (
	"math/big"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

func pmodInt[T int32 | int64](a, b, out []T) {
	a, b = a[:len(out)], b[:len(out)]
	for i := range out {
		n := b[i]
		if n == 0 {
			n = 1 // the row is NULL; avoid the trap
		}
		r := a[i] % n
		if r < 0 {
			r = (r + n) % n
		}
		out[i] = r
	}
}

// pmodNarrow computes byte and short pmod in int, as Spark does.
func pmodNarrow[T int8 | int16](a, b, out []T) {
	a, b = a[:len(out)], b[:len(out)]
	for i := range out {
		n := int32(b[i])
		if n == 0 {
			n = 1 // the row is NULL; avoid the trap
		}
		r := int32(a[i]) % n
		if r < 0 {
			r = (r + n) % n
		}
		out[i] = T(r)
	}
}

func pmodDouble(a, n float64) float64 {
	r := remDouble(a, n)
	if r < 0 {
		return remDouble(r+n, n)
	}
	return r
}

func pmodFloat(a, n float32) float32 {
	r := remFloat(a, n)
	if r < 0 {
		return remFloat(float32(r+n), n)
	}
	return r
}

// Pmod computes pmod(l, r), with the operand and result types of Remainder.
func Pmod(mem memory.Allocator, lt, rt, result types.DataType, l, r arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	mode, err := checkDivMode("Pmod", mode, lt, rt)
	if err != nil {
		return nil, err
	}
	if err := divisionError(result, l, r, mode); err != nil {
		return nil, err
	}
	dt := result.ArrowType("")
	switch result.ID {
	case types.Byte:
		return divLike(mem, dt, l, r, pmodNarrow[int8]), nil
	case types.Short:
		return divLike(mem, dt, l, r, pmodNarrow[int16]), nil
	case types.Int:
		return divLike(mem, dt, l, r, pmodInt[int32]), nil
	case types.Long:
		return divLike(mem, dt, l, r, pmodInt[int64]), nil
	case types.Float:
		return divLike(mem, dt, l, r, mapLoop(pmodFloat)), nil
	case types.Double:
		return divLike(mem, dt, l, r, mapLoop(pmodDouble)), nil
	case types.Decimal:
		var z big.Int
		return decimalOp(mem, dt, lt, rt, l, r, func(a, b *big.Int) (decimal128.Num, bool) {
			z.Rem(a, b)
			if z.Sign() < 0 {
				z.Add(&z, b)
				z.Rem(&z, b)
			}
			return fitsDecimal(&z, result.Precision)
		}, func(a, b int64) decimal128.Num {
			r := a % b // |a|, |b| < 10^18, so r + b cannot overflow
			if r < 0 {
				r = (r + b) % b
			}
			return decimal128.FromI64(r)
		}), nil
	}
	return nil, kernels.ErrUnsupported("Pmod on %s", result)
}
