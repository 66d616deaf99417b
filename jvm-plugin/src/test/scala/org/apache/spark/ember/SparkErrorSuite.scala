package org.apache.spark.ember

import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.{SparkArithmeticException, SparkDateTimeException, SparkException, SparkNumberFormatException,
  SparkThrowable, SparkUpgradeException}

/** The sidecar's Spark error classes become the exceptions Spark raises for them. */
class SparkErrorSuite extends AnyFunSuite {

  private val ansi = "\"spark.sql.ansi.enabled\""

  test("each class gets Spark's exception type, class and formatted message") {
    val div = EmberSparkInternals.sparkError("DIVIDE_BY_ZERO", Map("config" -> ansi), "")
    assert(div.isInstanceOf[SparkArithmeticException])
    assert(div.asInstanceOf[SparkThrowable].getErrorClass === "DIVIDE_BY_ZERO")
    assert(div.getMessage.contains("Division by zero"))

    val overflow = EmberSparkInternals.sparkError("BINARY_ARITHMETIC_OVERFLOW",
      Map("value1" -> "1Y", "symbol" -> "+", "value2" -> "127Y"), "")
    assert(overflow.isInstanceOf[SparkArithmeticException])

    val castNumber = EmberSparkInternals.sparkError("CAST_INVALID_INPUT", Map("expression" -> "'x'",
      "sourceType" -> "\"STRING\"", "targetType" -> "\"INT\"", "ansiConfig" -> ansi), "")
    assert(castNumber.isInstanceOf[SparkNumberFormatException])
    val castDate = EmberSparkInternals.sparkError("CAST_INVALID_INPUT", Map("expression" -> "'x'",
      "sourceType" -> "\"STRING\"", "targetType" -> "\"DATE\"", "ansiConfig" -> ansi), "")
    assert(castDate.isInstanceOf[SparkDateTimeException])

    val ancient = EmberSparkInternals.sparkError("INCONSISTENT_BEHAVIOR_CROSS_VERSION.READ_ANCIENT_DATETIME",
      Map("format" -> "Parquet", "config" -> "\"spark.sql.parquet.datetimeRebaseModeInRead\"",
        "option" -> "\"datetimeRebaseMode\""), "")
    assert(ancient.isInstanceOf[SparkUpgradeException])
    assert(ancient.asInstanceOf[SparkThrowable].getErrorClass ===
      "INCONSISTENT_BEHAVIOR_CROSS_VERSION.READ_ANCIENT_DATETIME")
  }

  test("a class Spark cannot format still fails the task, naming the class") {
    val e = EmberSparkInternals.sparkError("DIVIDE_BY_ZERO", Map.empty, "division by zero")
    assert(e.isInstanceOf[SparkException])
    assert(e.getMessage.contains("[DIVIDE_BY_ZERO]"))
  }
}
