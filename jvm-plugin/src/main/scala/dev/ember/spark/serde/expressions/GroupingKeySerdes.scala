package dev.ember.spark.serde.expressions

import dev.ember.proto.plan.v1.Expr
import dev.ember.spark.serde.{ExprContext, ExprSerde, ExprSerdes, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{Expression, KnownFloatingPointNormalized}
import org.apache.spark.sql.catalyst.optimizer.NormalizeNaNAndZero
import org.apache.spark.sql.types.{DoubleType, FloatType}

/**
 * The expressions Spark's NormalizeFloatingNumbers puts around float and double grouping
 * keys, so that -0.0 and 0.0, and every NaN, form one group.
 */
object GroupingKeySerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(NormalizeNaNAndZeroSerde, KnownFloatingPointNormalizedSerde)

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
