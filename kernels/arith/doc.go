// Package arith holds Spark's binary arithmetic kernels (+, -, *, /) over
// byte, short, int, long, float, double and decimal, in LEGACY mode: integral
// results wrap, division by zero and decimal overflow give NULL.
//
// Each operand is an array or a scalar (the literal side of an expression),
// and at least one of them is an array.
package arith
