package dev.ember.spark.serde.expressions

import dev.ember.proto.plan.v1.Expr
import dev.ember.spark.serde.{ExprContext, ExprSerde, ExprSerdes, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{EvalMode, Expression, KnownFloatingPointNormalized, MakeDecimal, UnscaledValue}
import org.apache.spark.sql.catalyst.optimizer.NormalizeNaNAndZero
import org.apache.spark.sql.types.{Decimal, DecimalType, DoubleType, FloatType}

/**
 * Expressions the optimizer adds around aggregations: NormalizeFloatingNumbers' wrappers of
 * float and double grouping keys (so -0.0 and 0.0, and every NaN, form one group) and
 * DecimalAggregates' UnscaledValue under sums and averages of small decimals, and MakeDecimal over
 * the sums.
 */
object AggregationSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] =
    Seq(NormalizeNaNAndZeroSerde, KnownFloatingPointNormalizedSerde, UnscaledValueSerde, MakeDecimalSerde)

  /** Args [child], a decimal of precision <= 18: its unscaled long. */
  object UnscaledValueSerde extends ScalarFunctionSerde[UnscaledValue] {
    override def notes: String = "decimals of precision <= 18 (sum/avg of small decimals): the unscaled bigint"
    override def supportLevel(e: UnscaledValue, ctx: ExprContext): SupportLevel = e.child.dataType match {
      case d: DecimalType if d.precision <= Decimal.MAX_LONG_DIGITS => Compatible
      case other => Unsupported(s"on ${other.catalogString} is not supported")
    }
    override def args(e: UnscaledValue, ctx: ExprContext): Either[String, Seq[Expression]] = Right(Seq(e.child))
  }

  /**
   * Args [child], a bigint: the unscaled value read as the result's decimal type. Spark's
   * nullOnOverflow is LEGACY mode (NULL when out of range), otherwise ANSI (the error).
   */
  object MakeDecimalSerde extends ScalarFunctionSerde[MakeDecimal] {
    override def notes: String =
      "bigint unscaled values to decimal (over sums of small decimals): NULL out of range, the error in ANSI"
    override def evalMode(e: MakeDecimal): EvalMode.Value = if (e.nullOnOverflow) EvalMode.LEGACY else EvalMode.ANSI
    override def args(e: MakeDecimal, ctx: ExprContext): Either[String, Seq[Expression]] = Right(Seq(e.child))
  }

  /** Args [child], float or double: NaN → Java's canonical NaN, -0.0 → 0.0. */
  object NormalizeNaNAndZeroSerde extends ScalarFunctionSerde[NormalizeNaNAndZero] {
    override def notes: String = "float and double: every NaN becomes the canonical NaN, -0.0 becomes 0.0"
    override def supportLevel(e: NormalizeNaNAndZero, ctx: ExprContext): SupportLevel = e.dataType match {
      case FloatType | DoubleType => Compatible
      case other => Unsupported(s"on ${other.catalogString} is not supported")
    }
    override def args(e: NormalizeNaNAndZero, ctx: ExprContext): Either[String, Seq[Expression]] = Right(Seq(e.child))
  }

  /** A tag only: the child itself. */
  object KnownFloatingPointNormalizedSerde extends ExprSerde[KnownFloatingPointNormalized] {
    override def notes: String = "a tag around normalized keys: runs its child"
    override def convert(e: KnownFloatingPointNormalized, ctx: ExprContext): Either[String, Expr.Builder] =
      ExprSerdes.convert(e.child, ctx).map(_.toBuilder)
  }
}
