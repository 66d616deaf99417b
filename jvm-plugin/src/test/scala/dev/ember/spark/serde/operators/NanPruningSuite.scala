package dev.ember.spark.serde.operators

import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.sql.catalyst.expressions._
import org.apache.spark.sql.types._

/** Which pushed Parquet filters could let parquet-mr skip NaN rows Spark's filter keeps. */
class NanPruningSuite extends AnyFunSuite {

  private val d = AttributeReference("d", DoubleType)()
  private val f = AttributeReference("f", FloatType)()
  private val i = AttributeReference("i", IntegerType)()
  private val nan = Literal(Double.NaN)

  private def hazard(conjuncts: Expression*): Boolean = NanPruning.hazardousConjunct(conjuncts).isDefined

  test("filters NaN can satisfy are hazards") {
    assert(hazard(GreaterThan(d, Literal(5.0))))
    assert(hazard(GreaterThanOrEqual(d, Literal(5.0))))
    assert(hazard(LessThan(Literal(5.0), d)))
    assert(hazard(EqualTo(d, nan)))
    assert(hazard(LessThanOrEqual(d, nan)))
    assert(hazard(Or(EqualTo(f, Literal(Float.NaN)), LessThan(f, Literal(0.0f)))))
    assert(hazard(Not(LessThan(d, Literal(1.0)))))
    assert(hazard(In(d, Seq(Literal(1.0), nan))))
  }

  test("filters NaN fails, and filters on other types, are not") {
    assert(!hazard(LessThan(d, Literal(5.0))))
    assert(!hazard(LessThanOrEqual(d, Literal(-0.0))))
    assert(!hazard(EqualTo(d, Literal(0.0))))
    assert(!hazard(GreaterThan(Literal(5.0), d)))
    assert(!hazard(IsNotNull(d)))
    assert(!hazard(IsNull(f)))
    assert(!hazard(In(d, Seq(Literal(1.0), Literal(2.0)))))
    assert(!hazard(GreaterThan(i, Literal(5))))
  }

  test("a conjunct that rejects NaN in the same column makes the others harmless") {
    assert(!hazard(GreaterThan(d, Literal(-1.0)), LessThanOrEqual(d, Literal(-0.0))))
    assert(hazard(GreaterThan(d, Literal(-1.0)), LessThanOrEqual(Cast(f, DoubleType), Literal(-0.0))))
    assert(hazard(GreaterThan(d, Literal(-1.0)), LessThan(f, Literal(1.0f))))
    // inside an OR: d BETWEEN -1.5 AND 0.1 rejects NaN.
    assert(!hazard(Or(And(GreaterThanOrEqual(d, Literal(-1.5)), LessThanOrEqual(d, Literal(0.1))), IsNull(d))))
    assert(hazard(Or(And(GreaterThanOrEqual(d, Literal(-1.5)), LessThanOrEqual(f, Literal(0.1f))), IsNull(d))))
  }

  test("comparisons of two columns are not pushed to Parquet, so they are harmless") {
    assert(!hazard(Or(EqualNullSafe(d, AttributeReference("e", DoubleType)()), GreaterThanOrEqual(d, d))))
  }
}
