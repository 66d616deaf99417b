package dev.ember.spark.exec

import org.apache.arrow.vector.DecimalVector

import org.apache.spark.sql.types.Decimal
import org.apache.spark.sql.vectorized.ArrowColumnVector
import org.apache.spark.unsafe.Platform

/**
 * An `ArrowColumnVector` over a decimal128 vector of precision 18 or less, whose
 * `getDecimal` builds Spark's long-backed `Decimal` from the value's low 64 bits.
 *
 * Spark's own accessor goes through `DecimalVector.getObject`: a byte array, a
 * `BigInteger` and a `BigDecimal` per value, then `Decimal.set(BigDecimal)`. Spark's
 * operators above a region (ColumnarToRow, joins reading TPC-H's prices and discounts)
 * call it for every row; in TPC-H q10 at SF1 it was the JVM's largest Ember-side cost.
 * Spark's Parquet reader keeps such decimals as longs too, so the `Decimal` made here is
 * the one Spark's own scan would give (equal value, precision and scale).
 *
 * A value that does not fit the requested precision, a different scale, or a high word
 * that is not the low word's sign goes through Spark's accessor, which raises as before.
 */
final class LongDecimalColumnVector(vector: DecimalVector) extends ArrowColumnVector(vector) {

  require(vector.getPrecision <= Decimal.MAX_LONG_DIGITS, s"precision ${vector.getPrecision} needs more than a long")

  private val vectorScale = vector.getScale

  override def getDecimal(rowId: Int, precision: Int, scale: Int): Decimal = {
    if (isNullAt(rowId)) return null
    // Little-endian two's complement: the low word, then the high word. The buffer is
    // read per call: the stream reader replaces it with each batch.
    val address = vector.getDataBuffer.memoryAddress() + rowId.toLong * DecimalVector.TYPE_WIDTH
    val low = Platform.getLong(null, address)
    val high = Platform.getLong(null, address + 8)
    if (scale == vectorScale && precision <= Decimal.MAX_LONG_DIGITS && high == (low >> 63) &&
        LongDecimalColumnVector.fits(low, precision)) {
      Decimal.createUnsafe(low, precision, scale)
    } else {
      super.getDecimal(rowId, precision, scale)
    }
  }
}

object LongDecimalColumnVector {
  private val Pow10: Array[Long] = Array.iterate(1L, Decimal.MAX_LONG_DIGITS + 1)(_ * 10)

  /** Whether `unscaled` has at most `precision` digits. */
  private def fits(unscaled: Long, precision: Int): Boolean =
    unscaled > -Pow10(precision) && unscaled < Pow10(precision)
}
