// Package expr evaluates Spark expressions over Arrow record batches.
//
// Each expression kind is one small Evaluator built by a plain constructor from
// its child evaluators and Spark types; translate maps sparkplan.Expr nodes to
// these constructors:
//
//	sparkplan.ColumnRef   -> NewColumn(ordinal, type)
//	sparkplan.Literal     -> NewLiteral(type, value)
//	sparkplan.Comparison  -> NewComparison(op, left, right)
//	sparkplan.And / Or    -> NewAnd(left, right) / NewOr(left, right)
//	sparkplan.Not         -> NewNot(child)
//	sparkplan.IsNull      -> NewIsNull(child)
//	sparkplan.IsNotNull   -> NewIsNotNull(child)
//	sparkplan.Arithmetic  -> NewArithmetic(op, left, right, resultType, mode)
//	sparkplan.Cast        -> NewCast(child, targetType, mode, timeZone)
//	sparkplan.ScalarFunction, by name (translate/functions.go):
//	    CaseWhen, If          -> NewCaseWhen (lazy: branches see only their rows)
//	    Coalesce              -> NewCoalesce (lazy: later arguments see only NULL rows)
//	    In, InSet             -> NewIn
//	    Greatest, Least, UnaryMinus, Abs, Remainder, Pmod, IntegralDivide,
//	    StartsWith, EndsWith, Contains, Length
//	                          -> NewFunction(name, args, resultType, kernel)
//
// A literal operand of a comparison or an arithmetic is not materialized: the
// evaluator calls the kernel's scalar variant. The package imports
// sparkplan/types and the kernels, never sparkplan itself.
package expr
