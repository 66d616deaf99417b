package dev.ember.spark.serde.expressions

import scala.reflect.ClassTag

import dev.ember.spark.serde.{DataTypeSerde, EvalModes, ExprContext, ExprSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.Unsupported
import dev.ember.spark.shims.SparkShims

import org.apache.spark.sql.catalyst.expressions.{Abs, EvalMode, Expression, IntegralDivide, Pmod, Remainder, UnaryMinus}

/**
 * Unary minus, abs, `%`, pmod and `div` on numeric and decimal operands (Spark's
 * arithmetic.scala), sent as `ScalarFunction`, in LEGACY and ANSI mode; `%`, pmod and `div` in TRY mode too
 * (DivModLike: the same as LEGACY). Decimal `%`, pmod and `div` whose integral quotient can exceed 38 digits
 * (p1 - s1 + s2 > 38) stay in Spark: its BigDecimal.divideToIntegralValue with 38 digits then fails with
 * "Division impossible" for some values.
 */
object MathSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(
    new UnaryMathSerde[UnaryMinus](
      "legacy mode: integer overflow wraps (-(-2147483648) = -2147483648), -(0.0) = -0.0; ANSI mode raises Spark's " +
        "error for the minimum integer (decimals never overflow)"),
    new UnaryMathSerde[Abs](
      "legacy mode: abs of the minimum integer wraps to itself, abs(-0.0) = 0.0; ANSI mode raises Spark's error for " +
        "the minimum integer (decimals never overflow)"),
    new BinaryMathSerde[Remainder](
      "numeric and decimal types, legacy and TRY mode: x % 0 is NULL, the sign follows the dividend; ANSI mode: " +
        "DIVIDE_BY_ZERO; decimals only when p1 - s1 + s2 <= 38 (else Spark can fail with 'Division impossible')"),
    new BinaryMathSerde[Pmod](
      "numeric and decimal types, legacy and TRY mode: pmod(x, 0) is NULL; ANSI mode: DIVIDE_BY_ZERO; decimals " +
        "only when p1 - s1 + s2 <= 38 (else Spark can fail with 'Division impossible')"),
    new BinaryMathSerde[IntegralDivide](
      "bigint and decimal operands, bigint result, legacy and TRY mode: x div 0 is NULL, overflow wraps; ANSI mode: " +
        "DIVIDE_BY_ZERO, ARITHMETIC_OVERFLOW for bigint; decimals only when p1 - s1 + s2 <= 38 (else Spark can fail " +
        "with 'Division impossible'), a quotient beyond the long range keeps its low 64 bits in every mode"))

  /** LEGACY and ANSI; TRY for DivModLike (`divMod`), where it is LEGACY. */
  private def modeSupport(mode: EvalMode.Value, divMod: Boolean): SupportLevel =
    if (mode == EvalMode.ANSI || (divMod && mode == EvalMode.TRY)) SupportLevel.Compatible
    else EvalModes.supportLevel(mode)

  /**
   * Decimal `%`, pmod and `div`: Spark's Decimal.remainder / quot use BigDecimal.divideToIntegralValue
   * with a 38-digit MathContext, which throws "Division impossible" when the integral quotient needs more
   * digits; |l / r| < 10^(p1 - s1 + s2), so at most 38 digits is safe.
   */
  private def quotientReason(types: Seq[org.apache.spark.sql.types.DataType]): Option[String] = types match {
    case Seq(l: org.apache.spark.sql.types.DecimalType, r: org.apache.spark.sql.types.DecimalType)
        if l.precision - l.scale + r.scale > 38 =>
      Some(s"on ${l.catalogString} and ${r.catalogString}: the integral quotient can exceed 38 digits, where " +
        "Spark fails with 'Division impossible'")
    case _ => None
  }

  private def numericOnly(types: Seq[org.apache.spark.sql.types.DataType]): Option[String] =
    if (types.forall(DataTypeSerde.isNumeric)) None
    else Some(s"on ${types.map(_.catalogString).mkString(", ")} is not supported")

  /** Args [child]. The eval mode is Spark's `failOnError` (ANSI when set). */
  final class UnaryMathSerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel =
      numericOnly(Seq(e.children.head.dataType, e.dataType)).map(Unsupported(_))
        .getOrElse(modeSupport(evalMode(e), divMod = false))
    override def evalMode(e: T): EvalMode.Value = SparkShims.unaryMathEvalMode(e).getOrElse(EvalMode.ANSI)
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  /** Args [left, right], with Spark's eval mode. */
  final class BinaryMathSerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel =
      numericOnly(e.children.map(_.dataType) :+ e.dataType)
        .orElse(quotientReason(e.children.map(_.dataType))).map(Unsupported(_))
        .getOrElse(SparkShims.divModEvalMode(e) match {
          case Some(mode) => modeSupport(mode, divMod = true)
          case None => Unsupported("unknown eval mode")
        })
    override def evalMode(e: T): EvalMode.Value = SparkShims.divModEvalMode(e).getOrElse(EvalMode.ANSI)
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }
}
