package math

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/sparkplan/types"
)

// roundAny is RoundBase.nullSafeEval for every type RoundBase takes: in is
// the input type, out Spark's result type (RoundBase.dataType), scale the
// constant `scale` argument.
func roundAny(name string, mem memory.Allocator, in, out types.DataType, a arrow.Array, scale int32, rm roundMode, mode kernels.EvalMode) (arrow.Array, error) {
	switch in.ID {
	case types.Decimal:
		// positive scales: toPrecision(p, s, mode) with nullOnOverflow (it cannot
		// overflow); negative scales: Decimal(setScale(...), p, s), which throws
		return roundDecimal(mem, in, out, a, scale, rm, scale >= 0)
	case types.Byte, types.Short, types.Int, types.Long:
		if scale >= 0 {
			return identity(mem, in, a)
		}
		if mode == kernels.ANSI {
			return roundIntegralANSI(mem, in, a, -scale, rm)
		}
		if mode != kernels.Legacy {
			return nil, kernels.ErrUnsupported("%s in %s mode", name, mode)
		}
		k := -scale
		switch in.ID {
		case types.Byte:
			return unary(mem, a, func(x, y []int8) { roundIntegral(x, y, k, rm) }), nil
		case types.Short:
			return unary(mem, a, func(x, y []int16) { roundIntegral(x, y, k, rm) }), nil
		case types.Int:
			return unary(mem, a, func(x, y []int32) { roundIntegral(x, y, k, rm) }), nil
		default:
			return unary(mem, a, func(x, y []int64) { roundIntegral(x, y, k, rm) }), nil
		}
	case types.Double:
		return unary(mem, a, func(x, y []float64) {
			buf := make([]byte, 0, 32)
			for i, v := range x[:len(y)] {
				y[i] = roundFloat64(v, scale, rm, 64, &buf)
			}
		}), nil
	case types.Float:
		return unary(mem, a, func(x, y []float32) {
			buf := make([]byte, 0, 32)
			for i, v := range x[:len(y)] {
				y[i] = float32(roundFloat64(float64(v), scale, rm, 32, &buf))
			}
		}), nil
	}
	return nil, kernels.ErrUnsupported("%s on %s", name, in)
}

// identity is a copy of the values of a (of integral type t) with its NULLs.
func identity(mem memory.Allocator, t types.DataType, a arrow.Array) (arrow.Array, error) {
	switch t.ID {
	case types.Byte:
		return unary(mem, a, func(x, y []int8) { copy(y, x) }), nil
	case types.Short:
		return unary(mem, a, func(x, y []int16) { copy(y, x) }), nil
	case types.Int:
		return unary(mem, a, func(x, y []int32) { copy(y, x) }), nil
	case types.Long:
		return unary(mem, a, func(x, y []int64) { copy(y, x) }), nil
	}
	return nil, kernels.ErrUnsupported("identity on %s", t)
}

// roundIntegralANSI is RoundBase with ansiEnabled on an integral type and a
// negative scale: BigDecimal(x).setScale(scale, mode).intValueExact() & co
// under MathUtils.withOverflow, so a rounded value beyond the type raises
// ARITHMETIC_OVERFLOW with the message "Overflow" and no suggested function.
func roundIntegralANSI(mem memory.Allocator, t types.DataType, a arrow.Array, k int32, rm roundMode) (arrow.Array, error) {
	var out arrow.Array
	var bad []int
	switch t.ID {
	case types.Byte:
		out = unary(mem, a, func(x, y []int8) { bad = roundIntegralExact(x, y, k, rm) })
	case types.Short:
		out = unary(mem, a, func(x, y []int16) { bad = roundIntegralExact(x, y, k, rm) })
	case types.Int:
		out = unary(mem, a, func(x, y []int32) { bad = roundIntegralExact(x, y, k, rm) })
	case types.Long:
		out = unary(mem, a, func(x, y []int64) { bad = roundIntegralExact(x, y, k, rm) })
	default:
		return nil, kernels.ErrUnsupported("Round on %s", t)
	}
	for _, i := range bad {
		if out.IsValid(i) { // a NULL row's value is arbitrary
			out.Release()
			return nil, kernels.ErrArithmeticOverflow("Overflow", "")
		}
	}
	return out, nil
}
