package dev.ember.spark.serde.expressions

import scala.reflect.ClassTag

import dev.ember.proto.plan.v1.{Comparison, ComparisonOp, Expr, IsNotNull => PIsNotNull, IsNull => PIsNull}
import dev.ember.proto.plan.v1.{And => PAnd, Not => PNot, Or => POr}
import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerde, ExprSerdes, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions._

/** Comparisons, boolean logic and null tests (Spark's predicates.scala, nullExpressions.scala). */
object PredicateSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(
    new ComparisonSerde[EqualTo](ComparisonOp.COMPARISON_OP_EQUAL),
    new ComparisonSerde[EqualNullSafe](ComparisonOp.COMPARISON_OP_EQUAL_NULL_SAFE),
    new ComparisonSerde[LessThan](ComparisonOp.COMPARISON_OP_LESS_THAN),
    new ComparisonSerde[LessThanOrEqual](ComparisonOp.COMPARISON_OP_LESS_THAN_OR_EQUAL),
    new ComparisonSerde[GreaterThan](ComparisonOp.COMPARISON_OP_GREATER_THAN),
    new ComparisonSerde[GreaterThanOrEqual](ComparisonOp.COMPARISON_OP_GREATER_THAN_OR_EQUAL),
    AndSerde,
    OrSerde,
    NotSerde,
    IsNullSerde,
    IsNotNullSerde)

  /**
   * A `BinaryComparison` → `Comparison`. Both sides must have the same supported type
   * (Spark's analyzer inserts the casts that make them so).
   */
  final class ComparisonSerde[T <: BinaryComparison: ClassTag](op: ComparisonOp) extends ExprSerde[T] {
    override def notes: String =
      "every primitive type; NaN = NaN and NaN above every other value, -0.0 = 0.0; strings and binary by unsigned bytes"
    override def supportLevel(expr: T, ctx: ExprContext): SupportLevel = {
      val (l, r) = (expr.left.dataType, expr.right.dataType)
      if (l != r) {
        Unsupported(s"operands of different types ${l.catalogString} and ${r.catalogString}")
      } else {
        DataTypeSerde.toProto(l).fold[SupportLevel](reason => Unsupported(s"operand $reason"), _ => Compatible)
      }
    }

    override def convert(expr: T, ctx: ExprContext): Either[String, Expr.Builder] =
      for {
        left <- ExprSerdes.convert(expr.left, ctx)
        right <- ExprSerdes.convert(expr.right, ctx)
      } yield Expr.newBuilder().setComparison(
        Comparison.newBuilder().setOp(op).setLeft(left).setRight(right))
  }

  /** Three-valued `AND`. */
  object AndSerde extends ExprSerde[And] {
    override def convert(expr: And, ctx: ExprContext): Either[String, Expr.Builder] =
      for {
        left <- ExprSerdes.convert(expr.left, ctx)
        right <- ExprSerdes.convert(expr.right, ctx)
      } yield Expr.newBuilder().setAnd(PAnd.newBuilder().setLeft(left).setRight(right))
  }

  /** Three-valued `OR`. */
  object OrSerde extends ExprSerde[Or] {
    override def convert(expr: Or, ctx: ExprContext): Either[String, Expr.Builder] =
      for {
        left <- ExprSerdes.convert(expr.left, ctx)
        right <- ExprSerdes.convert(expr.right, ctx)
      } yield Expr.newBuilder().setOr(POr.newBuilder().setLeft(left).setRight(right))
  }

  /** `NOT`; `NOT NULL` is NULL. */
  object NotSerde extends ExprSerde[Not] {
    override def convert(expr: Not, ctx: ExprContext): Either[String, Expr.Builder] =
      ExprSerdes.convert(expr.child, ctx).map(c => Expr.newBuilder().setNot(PNot.newBuilder().setChild(c)))
  }

  /** `IS NULL`. */
  object IsNullSerde extends ExprSerde[IsNull] {
    override def convert(expr: IsNull, ctx: ExprContext): Either[String, Expr.Builder] =
      ExprSerdes.convert(expr.child, ctx)
        .map(c => Expr.newBuilder().setIsNull(PIsNull.newBuilder().setChild(c)))
  }

  /** `IS NOT NULL`. */
  object IsNotNullSerde extends ExprSerde[IsNotNull] {
    override def convert(expr: IsNotNull, ctx: ExprContext): Either[String, Expr.Builder] =
      ExprSerdes.convert(expr.child, ctx)
        .map(c => Expr.newBuilder().setIsNotNull(PIsNotNull.newBuilder().setChild(c)))
  }
}
