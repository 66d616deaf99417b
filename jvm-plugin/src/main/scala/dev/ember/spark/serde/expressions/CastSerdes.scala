package dev.ember.spark.serde.expressions

import dev.ember.proto.plan.v1.{Cast => PCast, Expr}
import dev.ember.spark.serde.{DataTypeSerde, EvalModes, ExprContext, ExprSerde, ExprSerdes, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}
import dev.ember.spark.shims.SparkShims
import dev.ember.spark.sidecar.ZoneRulesTZif

import org.apache.spark.sql.catalyst.expressions.{Attribute, BoundReference, Cast, EvalMode, Expression}
import org.apache.spark.sql.types._

/** Type conversions (Spark's Cast.scala). */
object CastSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(CastSerde)

  private def javaFeature: Int = Runtime.version().feature()

  private def isIntegral(t: DataType): Boolean = t match {
    case ByteType | ShortType | IntegerType | LongType => true
    case _ => false
  }

  private def isFloating(t: DataType): Boolean = t == FloatType || t == DoubleType

  /** A column read (or any row-materialised value): its decimals are compact iff precision <= 18. */
  private def isColumn(e: Expression): Boolean = e match {
    case _: Attribute | _: BoundReference => true
    case _ => false
  }

  /** The datetime casts the sidecar runs (kernels/cast/datetime.go). */
  def datetimePair(from: DataType, to: DataType): Boolean = (from, to) match {
    case (DateType | TimestampType | TimestampNTZType, StringType) => true
    case (TimestampType | TimestampNTZType, DateType) => true
    case (DateType, TimestampType | TimestampNTZType) => true
    case (TimestampType, TimestampNTZType) | (TimestampNTZType, TimestampType) => true
    case (TimestampType, BooleanType | ByteType | ShortType | IntegerType | LongType | FloatType | DoubleType) =>
      true
    case (ByteType | ShortType | IntegerType | LongType, TimestampType) => true
    case (StringType, DateType | TimestampType | TimestampNTZType) => true
    case _ => false
  }

  /** The pairs whose result depends on the session time zone (kernels/cast.NeedsTimeZone). */
  def usesTimeZone(from: DataType, to: DataType): Boolean = (from, to) match {
    case (TimestampType, StringType | DateType | TimestampNTZType) => true
    case (DateType | TimestampNTZType | StringType, TimestampType) => true
    case _ => false
  }

  /**
   * The region ids the sidecar resolves zone ids found in strings against are those of the
   * JVM's zone rules it receives in the handshake (ZoneRulesTZif): None when every zone of
   * this JVM's ZoneId.getAvailableZoneIds could be sent, else why string to timestamp stays
   * in Spark.
   */
  lazy val zoneIdsReason: Option[String] = {
    val skipped = ZoneRulesTZif.ruleSet.skipped
    if (skipped.isEmpty) None
    else Some(s"the sidecar lacks the rules of ${skipped.size} of this JVM's zones " +
      s"(${skipped.keys.take(3).mkString(", ")}...), so zone ids inside strings could resolve differently")
  }

  /**
   * None when the sidecar knows the session time zone as Spark does: UTC, or a region id of
   * java.time (America/Los_Angeles, WET, SystemV/EST5EDT) whose rules the JVM sent the
   * sidecar (ZoneRulesTZif) and that ZoneId.SHORT_IDS does not map to an offset (Spark
   * resolves EST, MST, HST with SHORT_IDS). Offsets (+08:00) stay in Spark.
   */
  def zoneReason(child: Expression, timeZone: String): Option[String] = timeZone match {
    case "UTC" | "GMT" | "Z" | "Etc/UTC" | "Etc/GMT" => None
    case tz if ZoneRulesTZif.ruleSet.zones.contains(tz) && !java.time.ZoneId.SHORT_IDS.containsKey(tz) => None
    case tz => Some(s"the time zone $tz is not a java.time region whose rules the sidecar has")
  }

  /**
   * None when the sidecar runs the cast from `child`'s type to `to` in `mode` exactly as
   * Spark does; otherwise why not.
   */
  def declineReason(
      child: Expression,
      to: DataType,
      mode: EvalMode.Value,
      timeZone: String = "UTC"): Option[String] = {
    val from = child.dataType
    val pair = s"cast from ${from.catalogString} to ${to.catalogString}"
    val modeName = mode.toString
    def numeric: Option[String] = (from, to) match {
      case (f, _: DecimalType) if isFloating(f) && javaFeature < 19 =>
        // Spark builds the decimal from java.lang.Double.toString, which before Java 19
        // (JDK-4511638) can print digits beyond the shortest representation; the sidecar
        // uses the shortest one, so the results could differ.
        Some(s"$pair on Java $javaFeature: Spark's result depends on this JVM's Double.toString")
      case (f: DecimalType, t) if isIntegral(t) && f.scale >= 19 && !isColumn(child) =>
        // Spark 3.5's Decimal.toLong / roundTo* index POW_10 by the scale for a decimal kept
        // as a long, which a computed decimal(p >= 19, s >= 19) can be: Spark raises
        // ArrayIndexOutOfBoundsException (or, in TRY mode, returns NULL).
        Some(s"$pair of a computed value: Spark 3.5 fails with ArrayIndexOutOfBoundsException " +
          "for a decimal with scale >= 19 kept as a long")
      case (f: DecimalType, t) if isIntegral(t) && t != LongType && mode != EvalMode.LEGACY &&
          f.precision > 15 && !isColumn(child) =>
        // roundToInt/Short/Byte go through the double of an expanded decimal and truncate a
        // compact one; which one a computed value is depends on how Spark computed it.
        Some(s"$pair in $modeName mode of a computed decimal with precision > 15: Spark's result " +
          "depends on its internal decimal representation")
      case _ => None
    }
    def scalar(t: DataType): Boolean = DataTypeSerde.isNumeric(t) || t == BooleanType
    val typed: Option[String] = (from, to) match {
      case (f, t) if DataTypeSerde.isNumeric(f) && DataTypeSerde.isNumeric(t) => numeric
      case (f, t) if scalar(f) && scalar(t) => None
      case (f, StringType) if isFloating(f) && javaFeature < 19 =>
        // Spark prints with java.lang.Double/Float.toString, which before Java 19
        // (JDK-4511638) can print more digits than the shortest representation the
        // sidecar prints.
        Some(s"$pair on Java $javaFeature: Spark's result depends on this JVM's Double.toString")
      case (f, StringType) if scalar(f) => None
      case (StringType, t) if scalar(t) => None
      case (f, t) if datetimePair(f, t) =>
        val zones = if (f == StringType && t != DateType) zoneIdsReason.map(r => s"$pair: $r") else None
        zones.orElse(
          if (usesTimeZone(f, t)) zoneReason(child, timeZone).map(r => s"$pair: $r") else None)
      case (BooleanType, TimestampType) | (DateType, BooleanType) =>
        if (mode == EvalMode.LEGACY) None else Some(s"$pair in $modeName mode is not a cast Spark allows")
      case (DateType, t) if DataTypeSerde.isNumeric(t) =>
        if (mode == EvalMode.LEGACY) None else Some(s"$pair in $modeName mode is not a cast Spark allows")
      case (FloatType | DoubleType, TimestampType) => None
      case (d: DecimalType, TimestampType) =>
        // (d.toBigDecimal * 1000000).longValue: the Scala multiplication rounds to 34 digits, which only a
        // decimal of precision > 28 can reach.
        if (d.precision <= 28) None
        else Some(s"$pair: Spark rounds the product by 10^6 to 34 digits (DECIMAL128) before truncating")
      case (TimestampType, _: DecimalType) =>
        Some(s"$pair is not supported: Spark goes through the timestamp's double and Decimal(Double), " +
          "whose digits come from this JVM's Double.toString")
      case (BinaryType, _) | (_, BinaryType) =>
        Some(s"$pair is not supported: binary values are not cast natively")
      case _ => Some(s"$pair is not supported")
    }
    typed.orElse {
      mode match {
        case EvalMode.LEGACY | EvalMode.TRY | EvalMode.ANSI => None
        case other => Some(s"eval mode $other not supported")
      }
    }
  }

  /**
   * `Cast` (and `try_cast`). The target type is the expression's data type; eval mode and
   * time zone are Spark's.
   */
  object CastSerde extends ExprSerde[Cast] {
    override def notes: String =
      "between byte, short, int, long, float, double, decimal and boolean; from those to string " +
        "(decimal: BigDecimal.toString in legacy mode, plain in ANSI/TRY; float/double only on Java 19+); " +
        "from string to those (UTF8String/Java parsing rules, invalid input NULL or CAST_INVALID_INPUT); " +
        "date/timestamp/timestamp_ntz to string, timestamp/timestamp_ntz to date, date to timestamp/" +
        "timestamp_ntz, timestamp <-> timestamp_ntz, timestamp to boolean/integral/float/double, integral " +
        "to timestamp (session time zone UTC or a java.time region id, SystemV/* included, not a SHORT_IDS " +
        "one; java.time's DST gap and overlap rules; zone rules are the JVM's own, sent to the sidecar as TZif " +
        "data, not Go's tz database); " +
        "string to date (stringToDate: [+-]yyyy[-m[m][-d[d]]], then ' ' or 'T' and anything); " +
        "string to timestamp/timestamp_ntz (parseTimestampString: [+-]yyyy[yy][-[m]m[-[d]d[ |T[h]h[:[m]m[:[s]s" +
        "[.fraction]]][zone]]]], a time alone on the current date, zone ids Z, +h[h][[:]mm[[:]ss]], UTC/GMT/UT " +
        "with or without an offset, SHORT_IDS and the java.time region ids, SystemV/* included, resolved with " +
        "the JVM's zone rules); " +
        "in legacy, ANSI and TRY modes " +
        "(ANSI raises CAST_OVERFLOW / NUMERIC_VALUE_OUT_OF_RANGE / CAST_INVALID_INPUT as Spark does, TRY gives " +
        "NULL instead); float/double to decimal only on Java 19+; " +
        "boolean to timestamp (1 microsecond for true) and date to boolean/numbers (NULL) in legacy mode; " +
        "float/double to timestamp (NaN/Infinity NULL or CAST_INVALID_INPUT, d * 10^6 saturating in legacy " +
        "mode, CAST_OVERFLOW in ANSI); decimal(p <= 28) to timestamp (d * 10^6 truncated, low 64 bits); " +
        "timestamp to decimal and casts from/to binary stay in Spark; " +
        "decimal with scale >= 19 to an integral type only from a column (Spark 3.5 fails on " +
        "computed ones); ANSI/TRY decimal(p > 15) to int/short/byte only from a column; " +
        "other casts stay in Spark"
    override def supportLevel(expr: Cast, ctx: ExprContext): SupportLevel =
      declineReason(expr.child, expr.dataType, SparkShims.castEvalMode(expr),
          expr.timeZoneId.getOrElse(ctx.conf.sessionLocalTimeZone)) match {
        case Some(reason) => Unsupported(reason)
        case None => Compatible
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
