package math

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala,
// UnaryMinus in LEGACY mode (failOnError=false): int and long use Java's `-x`,
// which wraps (-Int.MinValue = Int.MinValue); byte and short are computed in
// int and narrowed, `(byte)(-(x))`, the same as wrapping in 8 or 16 bits;
// float and double use `-x`, so -(0.0) is -0.0 and NaN stays NaN; decimal uses
// Decimal.unary_-, which cannot overflow (same precision).

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

// UnaryMinus negates every value of a, of numeric Spark type t.
func UnaryMinus(mem memory.Allocator, t types.DataType, a arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	if err := checkMode("UnaryMinus", mode, t); err != nil {
		return nil, err
	}
	if err := unaryOverflow(t, a, mode); err != nil {
		return nil, err
	}
	switch t.ID {
	case types.Byte:
		return unary(mem, a, negate[int8]), nil
	case types.Short:
		return unary(mem, a, negate[int16]), nil
	case types.Int:
		return unary(mem, a, negate[int32]), nil
	case types.Long:
		return unary(mem, a, negate[int64]), nil
	case types.Float:
		return unary(mem, a, negate[float32]), nil
	case types.Double:
		return unary(mem, a, negate[float64]), nil
	case types.Decimal:
		return unary(mem, a, func(in, out []decimal128.Num) {
			for i := range out {
				out[i] = in[i].Negate()
			}
		}), nil
	}
	return nil, kernels.ErrUnsupported("UnaryMinus on %s", t)
}

func negate[T integer | ~float32 | ~float64](in, out []T) {
	in = in[:len(out)]
	for i := range out {
		out[i] = -in[i]
	}
}
