// Package math holds Spark's unary and division-like numeric kernels:
// UnaryMinus, Abs, Remainder (%), Pmod and IntegralDivide (div), and the
// rounding kernels Round, BRound, RoundCeil, RoundFloor, Floor and Ceil
// (roundbase.go), each in its own file named after the Spark class it follows. Only LEGACY mode
// (spark.sql.ansi.enabled=false) is implemented: integral overflow wraps and a
// zero divisor gives NULL.
package math
