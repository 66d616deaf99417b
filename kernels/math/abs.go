package math

// Spark: sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/expressions/arithmetic.scala,
// Abs in LEGACY mode (failOnError=false): the generated code is
// `(javaType)(java.lang.Math.abs(x))`, so abs(Int.MinValue) is Int.MinValue
// and abs(Long.MinValue) is Long.MinValue (two's complement wrap); byte and
// short go through int and are narrowed, so abs((byte)-128) is -128; for
// float and double Math.abs clears the sign, abs(-0.0) = 0.0 and abs(NaN) is
// NaN; decimal uses Decimal.abs.

import (
	gomath "math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

func absInt[T integer](in, out []T) {
	in = in[:len(out)]
	for i, x := range in {
		if x < 0 {
			x = -x // wraps for the minimum value, as Java's Math.abs does
		}
		out[i] = x
	}
}

// Abs is the absolute value of every value of a, of numeric Spark type t.
func Abs(mem memory.Allocator, t types.DataType, a arrow.Array, mode kernels.EvalMode) (arrow.Array, error) {
	if err := checkMode("Abs", mode, t); err != nil {
		return nil, err
	}
	if err := unaryOverflow(t, a, mode); err != nil {
		return nil, err
	}
	switch t.ID {
	case types.Byte:
		return unary(mem, a, absInt[int8]), nil
	case types.Short:
		return unary(mem, a, absInt[int16]), nil
	case types.Int:
		return unary(mem, a, absInt[int32]), nil
	case types.Long:
		return unary(mem, a, absInt[int64]), nil
	case types.Float:
		return unary(mem, a, func(in, out []float32) {
			for i := range out {
				out[i] = gomath.Float32frombits(gomath.Float32bits(in[i]) &^ (1 << 31))
			}
		}), nil
	case types.Double:
		return unary(mem, a, func(in, out []float64) {
			for i := range out {
				out[i] = gomath.Abs(in[i])
			}
		}), nil
	case types.Decimal:
		return unary(mem, a, func(in, out []decimal128.Num) {
			for i := range out {
				out[i] = in[i].Abs()
			}
		}), nil
	}
	return nil, kernels.ErrUnsupported("Abs on %s", t)
}
