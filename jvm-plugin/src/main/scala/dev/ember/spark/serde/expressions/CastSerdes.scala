package dev.ember.spark.serde.expressions

import dev.ember.proto.plan.v1.{Cast => PCast, Expr}
import dev.ember.spark.serde.{DataTypeSerde, EvalModes, ExprContext, ExprSerde, ExprSerdes, SupportLevel}
import dev.ember.spark.serde.SupportLevel.Unsupported
import dev.ember.spark.shims.SparkShims

import org.apache.spark.sql.catalyst.expressions.{Cast, Expression}
import org.apache.spark.sql.types.{DecimalType, DoubleType, FloatType}

/** Type conversions (Spark's Cast.scala). */
object CastSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(CastSerde)

  /**
   * `Cast` between numeric types (byte, short, int, long, float, double, decimal). The
   * target type is the expression's data type; eval mode and time zone are Spark's.
   */
  object CastSerde extends ExprSerde[Cast] {
    override def notes: String =
      "between byte, short, int, long, float, double and decimal, legacy mode; float/double to decimal only on Java 19+; " +
        "other casts and ANSI/TRY modes stay in Spark"
    override def supportLevel(expr: Cast, ctx: ExprContext): SupportLevel = {
      val (from, to) = (expr.child.dataType, expr.dataType)
      val floatingToDecimal =
        (from == FloatType || from == DoubleType) && to.isInstanceOf[DecimalType]
      if (floatingToDecimal && Runtime.version().feature() < 19) {
        // Spark builds the decimal from java.lang.Double.toString, which before Java 19
        // (JDK-4511638) can print digits beyond the shortest representation; the sidecar
        // uses the shortest one, so the results could differ.
        Unsupported(s"cast from ${from.catalogString} to ${to.catalogString} on Java " +
          s"${Runtime.version().feature()}: Spark's result depends on this JVM's Double.toString")
      } else if (DataTypeSerde.isNumeric(from) && DataTypeSerde.isNumeric(to)) {
        EvalModes.supportLevel(SparkShims.castEvalMode(expr))
      } else {
        Unsupported(s"cast from ${from.catalogString} to ${to.catalogString} is not supported")
      }
    }

    override def convert(expr: Cast, ctx: ExprContext): Either[String, Expr.Builder] =
      ExprSerdes.convert(expr.child, ctx).map { child =>
        Expr.newBuilder().setCast(
          PCast.newBuilder()
            .setChild(child)
            .setEvalMode(EvalModes.toProto(SparkShims.castEvalMode(expr)))
            .setTimeZone(expr.timeZoneId.getOrElse(ctx.conf.sessionLocalTimeZone)))
      }
  }
}
