package dev.ember.spark.serde.expressions

import scala.reflect.ClassTag

import dev.ember.spark.serde.{DataTypeSerde, EvalModes, ExprContext, ExprSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.Unsupported
import dev.ember.spark.shims.SparkShims

import org.apache.spark.sql.catalyst.expressions.{Abs, EvalMode, Expression, IntegralDivide, Pmod, Remainder, UnaryMinus}

/**
 * Unary minus, abs, `%`, pmod and `div` on numeric and decimal operands (Spark's
 * arithmetic.scala), sent as `ScalarFunction`. Legacy mode, and ANSI mode on non-decimal operands; TRY stays in Spark.
 */
object MathSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(
    new UnaryMathSerde[UnaryMinus](
      "legacy mode: integer overflow wraps (-(-2147483648) = -2147483648), -(0.0) = -0.0; ANSI mode raises Spark's " +
        "error for the minimum integer (decimals in ANSI mode stay in Spark)"),
    new UnaryMathSerde[Abs](
      "legacy mode: abs of the minimum integer wraps to itself, abs(-0.0) = 0.0; ANSI mode raises Spark's error for " +
        "the minimum integer (decimals in ANSI mode stay in Spark)"),
    new BinaryMathSerde[Remainder](
      "numeric and decimal types, legacy mode: x % 0 is NULL, the sign follows the dividend; ANSI mode on " +
        "non-decimal types: DIVIDE_BY_ZERO (decimals in ANSI mode stay in Spark)"),
    new BinaryMathSerde[Pmod](
      "numeric and decimal types, legacy mode: pmod(x, 0) is NULL; ANSI mode on non-decimal types: DIVIDE_BY_ZERO " +
        "(decimals in ANSI mode stay in Spark)"),
    new BinaryMathSerde[IntegralDivide](
      "bigint and decimal operands, bigint result, legacy mode: x div 0 is NULL, overflow wraps; ANSI mode on bigint: " +
        "DIVIDE_BY_ZERO, ARITHMETIC_OVERFLOW (decimals in ANSI mode stay in Spark)"))

  /** LEGACY everywhere; ANSI where no operand is a decimal. */
  private def modeSupport(mode: EvalMode.Value, types: Seq[org.apache.spark.sql.types.DataType]): SupportLevel =
    if (mode == EvalMode.ANSI && types.exists(_.isInstanceOf[org.apache.spark.sql.types.DecimalType])) {
      Unsupported("decimal operands in ANSI mode are not supported yet")
    } else if (mode == EvalMode.ANSI) {
      SupportLevel.Compatible
    } else {
      EvalModes.supportLevel(mode)
    }

  private def numericOnly(types: Seq[org.apache.spark.sql.types.DataType]): Option[String] =
    if (types.forall(DataTypeSerde.isNumeric)) None
    else Some(s"on ${types.map(_.catalogString).mkString(", ")} is not supported")

  /** Args [child]. The eval mode is Spark's `failOnError` (ANSI when set). */
  final class UnaryMathSerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel =
      numericOnly(Seq(e.children.head.dataType, e.dataType)).map(Unsupported(_))
        .getOrElse(modeSupport(evalMode(e), Seq(e.children.head.dataType)))
    override def evalMode(e: T): EvalMode.Value = SparkShims.unaryMathEvalMode(e).getOrElse(EvalMode.ANSI)
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  /** Args [left, right], with Spark's eval mode. */
  final class BinaryMathSerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel =
      numericOnly(e.children.map(_.dataType) :+ e.dataType).map(Unsupported(_))
        .getOrElse(SparkShims.divModEvalMode(e) match {
          case Some(mode) => modeSupport(mode, e.children.map(_.dataType))
          case None => Unsupported("unknown eval mode")
        })
    override def evalMode(e: T): EvalMode.Value = SparkShims.divModEvalMode(e).getOrElse(EvalMode.ANSI)
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }
}
