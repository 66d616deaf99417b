package dev.ember.spark.serde.expressions

import java.math.RoundingMode

import com.google.protobuf.ByteString
import dev.ember.proto.plan.v1.{BoundReference, Expr, Literal => PLiteral}
import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerde}

import org.apache.spark.sql.catalyst.expressions.{AttributeReference, Expression, Literal}
import org.apache.spark.sql.types._
import org.apache.spark.unsafe.types.UTF8String

/** Leaf expressions: column references and constants. */
object ReferenceSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(AttributeReferenceSerde, LiteralSerde)

  /**
   * `AttributeReference` → `BoundReference`: the attribute's ordinal in the child's output,
   * found by expression id (as Spark's `BindReferences` does).
   */
  object AttributeReferenceSerde extends ExprSerde[AttributeReference] {
    override def convert(attr: AttributeReference, ctx: ExprContext): Either[String, Expr.Builder] = {
      val ordinal = ctx.input.indexWhere(_.exprId == attr.exprId)
      if (ordinal < 0) {
        Left(s"attribute ${attr.sql}#${attr.exprId.id} is not in the child's output " +
          ctx.input.map(a => s"${a.name}#${a.exprId.id}").mkString("[", ", ", "]"))
      } else {
        Right(Expr.newBuilder().setColumn(
          BoundReference.newBuilder().setOrdinal(ordinal).setName(attr.name)))
      }
    }
  }

  /**
   * `Literal` → proto `Literal`. Spark's internal representation decides the field: int
   * for byte/short/int/date (days), long for long/timestamp/timestamp_ntz (microseconds),
   * the unscaled value as big-endian two's-complement bytes for decimals, UTF-8 for strings.
   */
  object LiteralSerde extends ExprSerde[Literal] {
    override def notes: String = "every primitive type, NULL included; a string literal that is not valid UTF-8 " +
      "stays in Spark"
    override def convert(lit: Literal, ctx: ExprContext): Either[String, Expr.Builder] =
      toProtoLiteral(lit.value, lit.dataType).map(l => Expr.newBuilder().setLiteral(l))

    /** The proto literal of Spark's internal value `value` of type `dataType`. */
    def toProtoLiteral(value: Any, dataType: DataType): Either[String, PLiteral] =
      DataTypeSerde.toProto(dataType).flatMap { protoType =>
        val b = PLiteral.newBuilder().setType(protoType)
        if (value == null) {
          Right(b.setIsNull(true).build())
        } else {
          val filled: Either[String, PLiteral.Builder] = (dataType, value) match {
            case (BooleanType, v: Boolean) => Right(b.setBooleanValue(v))
            case (ByteType, v: Byte) => Right(b.setIntValue(v.toInt))
            case (ShortType, v: Short) => Right(b.setIntValue(v.toInt))
            case (IntegerType, v: Int) => Right(b.setIntValue(v))
            case (DateType, v: Int) => Right(b.setIntValue(v))
            case (LongType, v: Long) => Right(b.setLongValue(v))
            case (TimestampType, v: Long) => Right(b.setLongValue(v))
            case (TimestampNTZType, v: Long) => Right(b.setLongValue(v))
            case (FloatType, v: Float) => Right(b.setFloatValue(v))
            case (DoubleType, v: Double) => Right(b.setDoubleValue(v))
            case (dt: DecimalType, v: Decimal) =>
              try {
                val unscaled = v.toJavaBigDecimal.setScale(dt.scale, RoundingMode.UNNECESSARY).unscaledValue()
                Right(b.setDecimalValue(ByteString.copyFrom(unscaled.toByteArray)))
              } catch {
                case _: ArithmeticException =>
                  Left(s"decimal literal $v does not fit ${dt.catalogString}")
              }
            case (StringType, v: UTF8String) =>
              // A proto string is text: UTF8String.toString would turn malformed UTF-8 into U+FFFD.
              val text = v.toString
              if (java.util.Arrays.equals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), v.getBytes)) {
                Right(b.setStringValue(text))
              } else {
                Left(s"a string literal that is not valid UTF-8 (${v.numBytes} bytes) is not supported: it " +
                  "would reach the sidecar with U+FFFD in place of its malformed bytes")
              }
            case (BinaryType, v: Array[Byte]) => Right(b.setBinaryValue(ByteString.copyFrom(v)))
            case (dt, v) =>
              Left(s"literal of type ${dt.catalogString} with value class ${v.getClass.getName}")
          }
          filled.map(_.build())
        }
      }
  }
}
