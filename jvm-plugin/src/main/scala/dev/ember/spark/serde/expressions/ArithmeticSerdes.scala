package dev.ember.spark.serde.expressions

import scala.reflect.ClassTag

import dev.ember.proto.plan.v1.{Arithmetic, ArithmeticOp, Expr}
import dev.ember.spark.serde.{DataTypeSerde, EvalModes, ExprContext, ExprSerde, ExprSerdes, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}
import dev.ember.spark.shims.SparkShims

import org.apache.spark.sql.catalyst.expressions.{Add, BinaryArithmetic, Divide, Expression, Multiply, Subtract}

/** `+ - * /` on numeric and decimal operands (Spark's arithmetic.scala). */
object ArithmeticSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(
    new ArithmeticSerde[Add](ArithmeticOp.ARITHMETIC_OP_ADD),
    new ArithmeticSerde[Subtract](ArithmeticOp.ARITHMETIC_OP_SUBTRACT),
    new ArithmeticSerde[Multiply](ArithmeticOp.ARITHMETIC_OP_MULTIPLY),
    new ArithmeticSerde[Divide](ArithmeticOp.ARITHMETIC_OP_DIVIDE))

  /**
   * A `BinaryArithmetic` → `Arithmetic`. The result type is Spark's (for decimals, after its
   * precision rules); the eval mode comes from the expression (Spark 3.5 keeps it there).
   * Interval and other non-numeric arithmetic is declined.
   */
  final class ArithmeticSerde[T <: BinaryArithmetic: ClassTag](op: ArithmeticOp) extends ExprSerde[T] {
    override def notes: String =
      "numeric and decimal types in all eval modes: legacy (integer overflow wraps, decimal overflow and division by " +
        "zero give NULL), ANSI (ARITHMETIC_OVERFLOW, BINARY_ARITHMETIC_OVERFLOW, NUMERIC_VALUE_OUT_OF_RANGE, " +
        "DIVIDE_BY_ZERO raised as in Spark) and TRY (try_add, try_subtract, try_multiply, try_divide: NULL where ANSI raises)"
    override def supportLevel(expr: T, ctx: ExprContext): SupportLevel = {
      val operandTypes = Seq(expr.left.dataType, expr.right.dataType, expr.dataType)
      if (!operandTypes.forall(DataTypeSerde.isNumeric)) {
        Unsupported(s"arithmetic on ${operandTypes.map(_.catalogString).mkString(", ")} is not supported")
      } else {
        SparkShims.arithmeticEvalMode(expr) match {
          case Some(mode) => EvalModes.allModes(mode)
          case None => Unsupported("unknown eval mode")
        }
      }
    }

    override def convert(expr: T, ctx: ExprContext): Either[String, Expr.Builder] =
      for {
        left <- ExprSerdes.convert(expr.left, ctx)
        right <- ExprSerdes.convert(expr.right, ctx)
        mode <- SparkShims.arithmeticEvalMode(expr).toRight("unknown eval mode")
      } yield Expr.newBuilder().setArithmetic(
        Arithmetic.newBuilder()
          .setOp(op)
          .setLeft(left)
          .setRight(right)
          .setEvalMode(EvalModes.toProto(mode)))
  }
}
