package math

// Spark: arithmetic.scala in ANSI mode (failOnError): UnaryMinus and Abs raise
// for the minimum integral value (byte, short: unaryMinusCauseOverflowError,
// _LEGACY_ERROR_TEMP_2043; int, long: MathUtils.negateExact, ARITHMETIC_OVERFLOW
// "integer overflow" / "long overflow" without a hint); DivModLike (Remainder,
// Pmod, IntegralDivide) raises DIVIDE_BY_ZERO for a zero divisor in a row whose
// operands are both non-null, and IntegralDivide raises ARITHMETIC_OVERFLOW
// "Overflow in integral divide" (hint try_divide) for Long.MinValue div -1
// (checkDivideOverflow). These checks run before the LEGACY kernel, whose
// result is then Spark's. Decimal operands: -x and abs never overflow (the
// result keeps the operand's precision), so ANSI is LEGACY; %, pmod and div
// raise DIVIDE_BY_ZERO for a zero divisor, and their results always fit when
// p1 - s1 + s2 <= 38 (beyond that Spark's BigDecimal.divideToIntegralValue with
// 38 digits can fail with "Division impossible": see DecimalQuotientFits).
// TRY mode (failOnError is evalMode == ANSI) is LEGACY for DivModLike.

import (
	gomath "math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/ember-spark/ember/kernels"
	"github.com/ember-spark/ember/kernels/kutil"
	"github.com/ember-spark/ember/sparkplan/types"
)

// checkMode accepts LEGACY and ANSI.
func checkMode(what string, mode kernels.EvalMode, ts ...types.DataType) error {
	switch mode {
	case kernels.Legacy, kernels.ANSI:
		return nil
	}
	return kernels.ErrUnsupported("%s in %s mode", what, mode)
}

// checkDivMode accepts LEGACY, ANSI and TRY (the same as LEGACY for
// DivModLike), and decimal operands only when DecimalQuotientFits.
func checkDivMode(what string, mode kernels.EvalMode, lt, rt types.DataType) (kernels.EvalMode, error) {
	if lt.ID == types.Decimal && rt.ID == types.Decimal && !DecimalQuotientFits(lt, rt) {
		return mode, kernels.ErrUnsupported("%s of %s and %s: the integral quotient can exceed 38 digits", what, lt, rt)
	}
	switch mode {
	case kernels.Legacy, kernels.ANSI:
		return mode, nil
	case kernels.Try:
		return kernels.Legacy, nil
	}
	return mode, kernels.ErrUnsupported("%s in %s mode", what, mode)
}

// DecimalQuotientFits reports whether the integral part of l / r always has
// at most 38 digits (|l / r| < 10^(p1 - s1 + s2)), so that Spark's
// Decimal.quot and Decimal.remainder (BigDecimal.divideToIntegralValue with a
// MathContext of 38 digits) never fail with "Division impossible".
func DecimalQuotientFits(lt, rt types.DataType) bool {
	return lt.Precision-lt.Scale+rt.Scale <= types.MaxDecimalPrecision
}

// firstZeroDecimal is the first row where l and r are non-null and r is zero, or -1.
func firstZeroDecimal(l, r arrow.Array) int {
	b := kutil.Values[decimal128.Num](r)[:r.Len()]
	for i, x := range b {
		if x == (decimal128.Num{}) && l.IsValid(i) && r.IsValid(i) {
			return i
		}
	}
	return -1
}

// firstMinimum is the first non-null row of a holding min, or -1.
func firstMinimum[T integer](a arrow.Array, min T) int {
	vals := kutil.Values[T](a)[:a.Len()]
	for i, v := range vals {
		if v == min && a.IsValid(i) {
			return i
		}
	}
	return -1
}

// unaryOverflow is the error of -x or abs(x) in ANSI mode, or nil.
func unaryOverflow(t types.DataType, a arrow.Array, mode kernels.EvalMode) error {
	if mode != kernels.ANSI {
		return nil
	}
	switch t.ID {
	case types.Byte:
		if firstMinimum[int8](a, gomath.MinInt8) >= 0 {
			return kernels.ErrUnaryMinusOverflow(gomath.MinInt8)
		}
	case types.Short:
		if firstMinimum[int16](a, gomath.MinInt16) >= 0 {
			return kernels.ErrUnaryMinusOverflow(gomath.MinInt16)
		}
	case types.Int:
		if firstMinimum[int32](a, gomath.MinInt32) >= 0 {
			return kernels.ErrArithmeticOverflow("integer overflow", "")
		}
	case types.Long:
		if firstMinimum[int64](a, gomath.MinInt64) >= 0 {
			return kernels.ErrArithmeticOverflow("long overflow", "")
		}
	}
	return nil
}

// firstZeroDivisor is the first row where l and r are non-null and r is zero
// (0, 0.0 or -0.0), or -1.
func firstZeroDivisor[T number](l, r arrow.Array) int {
	b := kutil.Values[T](r)[:r.Len()]
	for i, x := range b {
		if x == 0 && l.IsValid(i) && r.IsValid(i) {
			return i
		}
	}
	return -1
}

// divisionError is the error of a DivModLike operation in ANSI mode, or nil.
func divisionError(t types.DataType, l, r arrow.Array, mode kernels.EvalMode) error {
	if mode != kernels.ANSI {
		return nil
	}
	first := -1
	switch t.ID {
	case types.Byte:
		first = firstZeroDivisor[int8](l, r)
	case types.Short:
		first = firstZeroDivisor[int16](l, r)
	case types.Int:
		first = firstZeroDivisor[int32](l, r)
	case types.Long:
		first = firstZeroDivisor[int64](l, r)
	case types.Float:
		first = firstZeroDivisor[float32](l, r)
	case types.Double:
		first = firstZeroDivisor[float64](l, r)
	case types.Decimal:
		first = firstZeroDecimal(l, r)
	}
	if first >= 0 {
		return kernels.ErrDivideByZero()
	}
	return nil
}

// integralDivideError: Long.MinValue div -1 or a zero divisor in ANSI mode,
// whichever row comes first (Spark stops at the first row that raises).
func integralDivideError(l, r arrow.Array, mode kernels.EvalMode) error {
	if mode != kernels.ANSI {
		return nil
	}
	zero := firstZeroDivisor[int64](l, r)
	a, b := kutil.Values[int64](l)[:l.Len()], kutil.Values[int64](r)[:r.Len()]
	for i := range a {
		if zero >= 0 && i > zero {
			break
		}
		if a[i] == gomath.MinInt64 && b[i] == -1 && l.IsValid(i) && r.IsValid(i) {
			return kernels.ErrArithmeticOverflow("Overflow in integral divide", "try_divide")
		}
	}
	if zero >= 0 {
		return kernels.ErrDivideByZero()
	}
	return nil
}
