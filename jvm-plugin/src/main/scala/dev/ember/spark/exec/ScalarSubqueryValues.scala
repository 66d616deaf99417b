package dev.ember.spark.exec

import scala.collection.JavaConverters._

import com.google.protobuf.{ByteString, Message}
import com.google.protobuf.Descriptors.FieldDescriptor
import dev.ember.proto.plan.v1.{Expr, Literal => PLiteral, Operator}
import dev.ember.spark.serde.DataTypeSerde
import dev.ember.spark.serde.expressions.ReferenceSerdes.LiteralSerde

import org.apache.spark.sql.catalyst.expressions.Expression
import org.apache.spark.sql.execution.ScalarSubquery
import org.apache.spark.sql.types.StringType
import org.apache.spark.unsafe.types.UTF8String

/**
 * The values of a region's scalar subqueries, put in place of their placeholders
 * (`Expr.scalar_subquery`, written by `ScalarSubquerySerde`) in the region's plan template.
 * `EmberExec` does this once on the driver, after Spark has computed the subqueries
 * (`SparkPlan.waitForSubqueries`), so every task's plan carries the values as literals.
 */
object ScalarSubqueryValues {

  /** The scalar subqueries among `exprs` and their children, one per expression id. */
  def collect(exprs: Seq[Expression]): Seq[ScalarSubquery] = {
    val seen = scala.collection.mutable.LinkedHashMap[Long, ScalarSubquery]()
    exprs.foreach(_.foreach {
      case s: ScalarSubquery => seen.getOrElseUpdate(s.exprId.id, s)
      case _ =>
    })
    seen.values.toSeq
  }

  /**
   * `template` with every placeholder replaced by the value of the subquery of its expression
   * id among `subqueries` (each already computed by Spark). A placeholder without its subquery
   * is a bug in the conversion rule: it fails here rather than in the sidecar.
   */
  def resolve(template: Operator, subqueries: Seq[Expression]): Operator = {
    val values = collect(subqueries).map(s => s.exprId.id -> literal(s)).toMap
    rewrite(template, { id =>
      values.getOrElse(id, throw new IllegalStateException(
        s"the native plan refers to scalar subquery #$id, which its EmberExec does not hold"))
    }).asInstanceOf[Operator]
  }

  /** The expression ids of the placeholders in `op`. */
  def placeholders(op: Message): Seq[Long] = op match {
    case e: Expr if e.hasScalarSubquery => Seq(e.getScalarSubquery.getExprId)
    case _ => messageFields(op).flatMap(placeholders)
  }

  /**
   * The computed value of `sub` as a literal of its type (NULL when the subquery returned no
   * row). A string that is not valid UTF-8 cannot be a proto string: its bytes travel as
   * `binary_value`, which the sidecar reads as the string's bytes.
   */
  def literal(sub: ScalarSubquery): PLiteral = {
    val value = sub.eval(null)
    LiteralSerde.toProtoLiteral(value, sub.dataType) match {
      case Right(lit) => lit
      case Left(_) if sub.dataType == StringType =>
        val bytes = value.asInstanceOf[UTF8String].getBytes
        PLiteral.newBuilder().setType(DataTypeSerde.toProto(StringType).toOption.get)
          .setBinaryValue(ByteString.copyFrom(bytes)).build()
      case Left(reason) =>
        throw new IllegalStateException(s"the value of scalar subquery #${sub.exprId.id} cannot be sent: $reason")
    }
  }

  /** `msg` with every placeholder replaced by `value(expr id)`; unchanged messages are reused. */
  private def rewrite(msg: Message, value: Long => PLiteral): Message = msg match {
    case e: Expr if e.hasScalarSubquery => e.toBuilder.setLiteral(value(e.getScalarSubquery.getExprId)).build()
    case _ =>
      var builder: Message.Builder = null
      def changed(): Message.Builder = {
        if (builder == null) builder = msg.toBuilder
        builder
      }
      msg.getAllFields.asScala.foreach {
        case (field, v) if field.getJavaType == FieldDescriptor.JavaType.MESSAGE =>
          if (field.isRepeated) {
            v.asInstanceOf[java.util.List[Message]].asScala.zipWithIndex.foreach { case (m, i) =>
              val r = rewrite(m, value)
              if (r ne m) changed().setRepeatedField(field, i, r)
            }
          } else {
            val m = v.asInstanceOf[Message]
            val r = rewrite(m, value)
            if (r ne m) changed().setField(field, r)
          }
        case _ =>
      }
      if (builder == null) msg else builder.build()
  }

  /** The message-typed field values of `msg` (repeated ones flattened). */
  private def messageFields(msg: Message): Seq[Message] =
    msg.getAllFields.asScala.toSeq.flatMap {
      case (field, v) if field.getJavaType == FieldDescriptor.JavaType.MESSAGE =>
        if (field.isRepeated) v.asInstanceOf[java.util.List[Message]].asScala else Seq(v.asInstanceOf[Message])
      case _ => Nil
    }
}
