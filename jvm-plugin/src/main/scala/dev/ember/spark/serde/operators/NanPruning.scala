package dev.ember.spark.serde.operators

import org.apache.spark.sql.catalyst.expressions.{And, Attribute, BinaryComparison, EqualNullSafe, EqualTo, Expression,
  GreaterThan, GreaterThanOrEqual, In, InSet, IsNotNull, IsNull, LessThan, LessThanOrEqual, Literal, Not, Or}
import org.apache.spark.sql.types.{DoubleType, FloatType}

/**
 * Whether a pushed Parquet filter could be true for a NaN value of a float/double column
 * (Spark orders NaN above every number: NaN > x and NaN = NaN are true), so that
 * parquet-mr's statistics-based filtering, given statistics that leave NaN out, skips rows
 * Spark's own filter would keep. Conservative: a form it does not recognise counts as a
 * hazard when it reads a float/double column directly.
 */
object NanPruning {

  /**
   * The first of a scan's pushed conjuncts that could let parquet-mr skip rows Spark's filter
   * keeps. A conjunct that could hold for NaN in column `c` is harmless when another conjunct
   * rejects NaN in `c` (as `c <= -0.0` in `c > -1.0 AND c <= -0.0`): the NaN rows fail the
   * filter anyway.
   */
  def hazardousConjunct(conjuncts: Seq[Expression]): Option[Expression] = {
    val rejected = conjuncts.flatMap(rejectsNaN)
    conjuncts.find(c => hazard(c) && !allRejected(c, rejected))
  }

  /** Whether NaN in any float/double column `e` reads makes the filter false (`rejected`). */
  private def allRejected(e: Expression, rejected: Seq[Attribute]): Boolean =
    e.references.filter(isFloatingAttribute).forall(a => rejected.exists(_.semanticEquals(a)))

  /** The float/double columns whose NaN values make `filter` false. */
  private def rejectsNaN(filter: Expression): Seq[Attribute] = filter match {
    case And(l, r) => rejectsNaN(l) ++ rejectsNaN(r)
    case c: BinaryComparison => (c.left, c.right) match {
      case (a: Attribute, lit) if isFloatingAttribute(a) && !columnOnLeftHazard(c, lit) => Seq(a)
      case (lit, a: Attribute) if isFloatingAttribute(a) && !columnOnLeftHazard(flip(c), lit) => Seq(a)
      case _ => Nil
    }
    case In(a: Attribute, items) if isFloatingAttribute(a) && items.forall(isNonNaNLiteral) => Seq(a)
    case InSet(a: Attribute, set) if isFloatingAttribute(a) && !set.exists(v => v == null || isNaN(v)) => Seq(a)
    case _ => Nil
  }

  def hazard(filter: Expression): Boolean = filter match {
    case a @ And(l, r) =>
      // NaN rows of a column the And itself rejects NaN in fail the filter anyway.
      (hazard(l) || hazard(r)) && !allRejected(a, rejectsNaN(a))
    case Or(l, r) => hazard(l) || hazard(r)
    case Not(child) => readsFloating(child)
    case IsNull(_) | IsNotNull(_) => false
    case c: BinaryComparison => comparisonHazard(c)
    case In(value, items) => isFloatingAttribute(value) && items.forall(_.isInstanceOf[Literal]) &&
      items.exists(i => !isNonNaNLiteral(i))
    case InSet(value, set) => isFloatingAttribute(value) && set.exists(v => v == null || isNaN(v))
    case other => other.children.exists(isFloatingAttribute)
  }

  /**
   * `a op lit` or `lit op a` on a float/double attribute `a`; Spark pushes no other
   * comparison to Parquet (ParquetFilters takes a column and a value), so others are harmless.
   */
  private def comparisonHazard(c: BinaryComparison): Boolean = (c.left, c.right) match {
    case (a, lit: Literal) if isFloatingAttribute(a) => columnOnLeftHazard(c, lit)
    case (lit: Literal, a) if isFloatingAttribute(a) => columnOnLeftHazard(flip(c), lit)
    case _ => false
  }

  /** With the column on the left: only `< x`, `<= x`, `= x` and `<=> x` for a number x reject NaN. */
  private def columnOnLeftHazard(c: BinaryComparison, other: Expression): Boolean = c match {
    case _: LessThan => false
    case _: LessThanOrEqual | _: EqualTo | _: EqualNullSafe => !isNonNaNLiteral(other)
    case _ => true
  }

  private def flip(c: BinaryComparison): BinaryComparison = c match {
    case GreaterThan(l, r) => LessThan(r, l)
    case GreaterThanOrEqual(l, r) => LessThanOrEqual(r, l)
    case LessThan(l, r) => GreaterThan(r, l)
    case LessThanOrEqual(l, r) => GreaterThanOrEqual(r, l)
    case other => other
  }

  private def readsFloating(e: Expression): Boolean = e.exists(isFloatingAttribute)

  private def isFloatingAttribute(e: Expression): Boolean = e match {
    case a: Attribute => a.dataType == FloatType || a.dataType == DoubleType
    case _ => false
  }

  private def isNonNaNLiteral(e: Expression): Boolean = e match {
    case Literal(null, _) => true
    case Literal(v, _) => !isNaN(v)
    case _ => false
  }

  private def isNaN(v: Any): Boolean = v match {
    case d: Double => d.isNaN
    case f: Float => f.isNaN
    case _ => false
  }
}
