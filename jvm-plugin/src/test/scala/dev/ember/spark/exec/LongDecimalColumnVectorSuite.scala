package dev.ember.spark.exec

import java.math.BigDecimal

import org.apache.arrow.memory.RootAllocator
import org.apache.arrow.vector.DecimalVector
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.sql.vectorized.ArrowColumnVector

/** LongDecimalColumnVector must give exactly the Decimal Spark's ArrowColumnVector gives. */
class LongDecimalColumnVectorSuite extends AnyFunSuite {

  private def withVector(precision: Int, scale: Int, values: Seq[Option[String]])(body: DecimalVector => Unit): Unit = {
    val allocator = new RootAllocator(Long.MaxValue)
    val vector = new DecimalVector("d", allocator, precision, scale)
    try {
      vector.allocateNew(values.size)
      values.zipWithIndex.foreach {
        case (Some(v), i) => vector.set(i, new BigDecimal(v).setScale(scale))
        case (None, i) => vector.setNull(i)
      }
      vector.setValueCount(values.size)
      body(vector)
    } finally {
      vector.close()
      allocator.close()
    }
  }

  test("values of precision up to 18, with nulls and extremes, match Spark's accessor") {
    for ((precision, scale) <- Seq((15, 2), (18, 0), (18, 18), (1, 0), (12, 6))) {
      val max = "9" * (precision - scale) + (if (scale > 0) "." + "9" * scale else "")
      val one = if (scale > 0) "0." + "0" * (scale - 1) + "1" else "1"
      val values = Seq(Some("0"), Some(max), Some("-" + max), None, Some(one), Some("-" + one),
        Some(new BigDecimal(new java.math.BigInteger("123456789012345678").mod(java.math.BigInteger.TEN.pow(precision)), scale).toPlainString))
      withVector(precision, scale, values) { vector =>
        val fast = new LongDecimalColumnVector(vector)
        val spark = new ArrowColumnVector(vector)
        values.indices.foreach { i =>
          assert(fast.isNullAt(i) === spark.isNullAt(i))
          val (a, b) = (fast.getDecimal(i, precision, scale), spark.getDecimal(i, precision, scale))
          assert(a === b, s"decimal($precision, $scale) row $i")
          if (a != null) {
            assert(a.precision === b.precision && a.scale === b.scale)
            assert(a.toJavaBigDecimal === b.toJavaBigDecimal)
          }
        }
      }
    }
  }

  test("a value wider than the requested precision goes through Spark's accessor and raises as before") {
    withVector(10, 2, Seq(Some("12345678.90"))) { vector =>
      val fast = new LongDecimalColumnVector(vector)
      val spark = new ArrowColumnVector(vector)
      val expected = intercept[Exception](spark.getDecimal(0, 5, 2))
      assert(intercept[Exception](fast.getDecimal(0, 5, 2)).getClass === expected.getClass)
    }
  }
}
