package dev.ember.spark.serde.expressions

import scala.reflect.ClassTag

import dev.ember.spark.serde.{ExprContext, ExprSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Incompatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{BRound, Ceil, EvalMode, Expression, Floor, Literal, Round, RoundBase, RoundCeil, RoundFloor}
import org.apache.spark.sql.types.{ByteType, DecimalType, DoubleType, FloatType, IntegerType, LongType, ShortType}

/**
 * Rounding (Spark's mathExpressions.scala: RoundBase and Floor/Ceil), sent as
 * `ScalarFunction`. The scale of round/bround/ceil/floor(x, scale) is a constant and
 * travels as an int literal.
 */
object RoundingSerdes {

  private val javaFeature: Int = Runtime.version().feature()

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(
    new RoundSerde[Round](
      "HALF_UP; decimal (result type as Spark's), integral types (legacy mode wraps like Spark for negative scales; " +
        "ANSI mode raises ARITHMETIC_OVERFLOW as Spark does), float and double on Java 19+ (Spark rounds " +
        "the decimal Double.toString prints; before Java 19 only with allowIncompatible); a negative scale on decimals whose result could exceed 38 digits stays in Spark"),
    new RoundSerde[BRound]("HALF_EVEN; the same types and limits as Round"),
    new RoundSerde[RoundCeil]("ceil(x, scale) on decimals (other types are cast to decimal first); " +
      "a negative scale whose result could exceed 38 digits stays in Spark"),
    new RoundSerde[RoundFloor]("floor(x, scale) on decimals; the same limits as RoundCeil"),
    new FloorCeilSerde[Floor]("double (NaN is 0, out of range saturates, as Java's (long) cast), bigint and decimal"),
    new FloorCeilSerde[Ceil]("double (NaN is 0, out of range saturates, as Java's (long) cast), bigint and decimal"))

  /** The constant scale, or why it cannot be used. */
  private def scaleOf(e: RoundBase): Either[String, Int] =
    if (!e.right.foldable || e.right.dataType != IntegerType) Left("the scale is not a constant int")
    else e.right.eval() match {
      case null => Left("the scale is NULL")
      case v: Integer => Right(v.intValue)
      case other => Left(s"unexpected scale $other")
    }

  private def ansi(e: RoundBase): Boolean = e match {
    case r: Round => r.ansiEnabled
    case r: BRound => r.ansiEnabled
    case _ => false
  }

  /** Args [child, scale (int literal)]. */
  final class RoundSerde[T <: RoundBase: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel = scaleOf(e) match {
      case Left(reason) => Unsupported(reason)
      case Right(scale) => (e: RoundBase, e.left.dataType) match {
        case (_, d: DecimalType) if scale < 0 && math.max(d.precision - d.scale + 1, 1 - scale) > DecimalType.MAX_PRECISION =>
          Unsupported(s"rounding ${d.catalogString} to scale $scale can need more than 38 digits, where Spark raises " +
            "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION")
        case (_, _: DecimalType) => Compatible
        case (_: RoundCeil | _: RoundFloor, t) => Unsupported(s"on ${t.catalogString} is not supported (decimal only)")
        case (_, ByteType | ShortType | IntegerType | LongType) => Compatible
        case (_, FloatType | DoubleType) if javaFeature < 19 =>
          // Spark rounds BigDecimal.valueOf(x), the decimal java.lang.Double.toString prints: before
          // Java 19 (JDK-4511638) that can have more digits than the shortest form the sidecar uses.
          Incompatible(s"rounding ${e.left.dataType.catalogString} on Java $javaFeature: Spark's result " +
            "depends on this JVM's Double.toString, which can print more digits than the shortest form Ember rounds")
        case (_, FloatType | DoubleType) => Compatible
        case (_, t) => Unsupported(s"on ${t.catalogString} is not supported")
      }
    }
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] =
      scaleOf(e).map(scale => Seq(e.left, Literal(scale, IntegerType)))
    // Round and BRound capture spark.sql.ansi.enabled; it matters for integral types only
    override def evalMode(e: T): EvalMode.Value = if (ansi(e)) EvalMode.ANSI else EvalMode.LEGACY
  }

  /** Args [child] (double, bigint or decimal). */
  final class FloorCeilSerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel = e.children.head.dataType match {
      case DoubleType | LongType | _: DecimalType => Compatible
      case t => Unsupported(s"on ${t.catalogString} is not supported")
    }
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }
}
