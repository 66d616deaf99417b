package dev.ember.spark.serde.expressions

import scala.reflect.ClassTag

import dev.ember.spark.serde.{ExprContext, ExprSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{AddMonths, DateAdd, DateDiff, DateSub, DayOfMonth, DayOfWeek, DayOfYear, Expression, LastDay, Month, Quarter, WeekDay, WeekOfYear, Year}
import org.apache.spark.sql.types.{ByteType, DateType, IntegerType, ShortType}

/**
 * Date functions on DateType (Spark's datetimeExpressions.scala and DateTimeUtils), sent as
 * `ScalarFunction`. `extract(... FROM d)` and `date_part` reach the physical plan as these
 * classes. A timestamp or string argument arrives as a Cast to date, which the Cast serde
 * decides on. None of these has an ANSI variant in Spark 3.5.
 */
object DateTimeSerdes {

  private val anyDate =
    "over the whole date range (proleptic Gregorian, years before 1582 and after 9999 included)"

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(
    new DateUnarySerde[Year](s"year of the date $anyDate; year 0 is 1 BC"),
    new DateUnarySerde[Month](s"month of the date $anyDate"),
    new DateUnarySerde[DayOfMonth](s"day of month of the date $anyDate"),
    new DateUnarySerde[Quarter](s"quarter of the date $anyDate"),
    new DateUnarySerde[DayOfWeek](s"1 = Sunday .. 7 = Saturday, $anyDate"),
    new DateUnarySerde[WeekDay](s"0 = Monday .. 6 = Sunday, $anyDate"),
    new DateUnarySerde[DayOfYear](s"day of the year $anyDate"),
    new DateUnarySerde[WeekOfYear](s"ISO-8601 week $anyDate"),
    new DateUnarySerde[LastDay](s"last day of the month $anyDate"),
    new DateDaysSerde[DateAdd]("date + int, smallint or tinyint days; overflow wraps as in Spark (Java int arithmetic)"),
    new DateDaysSerde[DateSub]("date - int, smallint or tinyint days; overflow wraps as in Spark (Java int arithmetic)"),
    new DateBinarySerde[DateDiff]("end - start in days; overflow wraps as in Spark"),
    new DateBinarySerde[AddMonths](
      "Spark's month-end rule (Jan 31 + 1 month = Feb 28/29); a result beyond the int day range raises " +
        "ARITHMETIC_OVERFLOW in every mode, as in Spark"))

  private def datesOnly(e: Expression, n: Int): Option[String] =
    e.children.take(n).find(_.dataType != DateType)
      .map(c => s"on ${c.dataType.catalogString} is not supported (date only)")

  /** Args [date]. */
  final class DateUnarySerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel =
      datesOnly(e, 1).map(Unsupported(_)).getOrElse(Compatible)
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  /** Args [start date, days int | smallint | tinyint]. */
  final class DateDaysSerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel =
      datesOnly(e, 1).map(Unsupported(_)).getOrElse(e.children(1).dataType match {
        case IntegerType | ShortType | ByteType => Compatible
        case t => Unsupported(s"days of type ${t.catalogString} are not supported")
      })
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  /** DateDiff: args [end date, start date]; AddMonths: args [start date, months int]. */
  final class DateBinarySerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel = e match {
      case a: AddMonths if a.numMonths.dataType != IntegerType =>
        Unsupported(s"months of type ${a.numMonths.dataType.catalogString} are not supported")
      case _: AddMonths => datesOnly(e, 1).map(Unsupported(_)).getOrElse(Compatible)
      case _ => datesOnly(e, 2).map(Unsupported(_)).getOrElse(Compatible)
    }
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }
}
