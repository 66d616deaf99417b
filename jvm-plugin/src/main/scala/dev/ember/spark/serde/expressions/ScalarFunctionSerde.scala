package dev.ember.spark.serde.expressions

import scala.collection.JavaConverters._
import scala.reflect.ClassTag

import dev.ember.proto.plan.v1.{Expr, ScalarFunction}
import dev.ember.spark.serde.{EvalModes, ExprContext, ExprSerde, ExprSerdes}

import org.apache.spark.sql.catalyst.expressions.{EvalMode, Expression}

/**
 * A Spark expression → the generic proto `ScalarFunction`, named by Spark's class name,
 * with its arguments in the layout documented in expr.proto.
 */
abstract class ScalarFunctionSerde[T <: Expression: ClassTag] extends ExprSerde[T] {

  /** The `ScalarFunction.name` this serde emits: Spark's class name. */
  def functionName: String = name

  override def functionNames: Seq[String] = Seq(functionName)

  /** The arguments, in the order expr.proto documents for [[functionName]]. */
  def args(expr: T, ctx: ExprContext): Either[String, Seq[Expression]]

  /** The eval mode sent with the function; LEGACY for functions that have none. */
  def evalMode(expr: T): EvalMode.Value = EvalMode.LEGACY

  override def convert(expr: T, ctx: ExprContext): Either[String, Expr.Builder] =
    for {
      as <- args(expr, ctx)
      protos <- ExprSerdes.convertAll(as, ctx)
    } yield Expr.newBuilder().setScalarFunction(
      ScalarFunction.newBuilder()
        .setName(functionName)
        .addAllArgs(protos.asJava)
        .setEvalMode(EvalModes.toProto(evalMode(expr))))
}
