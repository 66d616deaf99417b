// Package conditional holds the kernels of Spark's conditional expressions
// (conditionalExpressions.scala, nullExpressions.scala, predicates.scala):
// CaseWhen, If, Coalesce, Greatest, Least, In and InSet, one file each.
//
// CaseWhen, If and Coalesce are lazy in Spark: a branch is evaluated only for
// the rows that take it. Their kernels therefore work on row sets: Split and
// NullRows decide which rows go where, and Merge assembles the result from
// the values each branch computed for its own rows.
package conditional
