package dev.ember.spark.serde.expressions

import scala.reflect.ClassTag

import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{CaseWhen, Coalesce, Expression, Greatest, If, In, InSet, Least, Literal}
import org.apache.spark.sql.types.{BooleanType, DataType, NullType}

/**
 * Conditional expressions (Spark's conditionalExpressions.scala, nullExpressions.scala,
 * predicates.scala, and Greatest/Least in arithmetic.scala), sent as `ScalarFunction`.
 * NULLIF and NVL2 reach the physical plan as `If`, NVL and IFNULL as `Coalesce`
 * (RuntimeReplaceable), `CASE x WHEN v ...` as `CaseWhen` over `x = v`.
 */
object ConditionalSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] =
    Seq(CaseWhenSerde, IfSerde, CoalesceSerde, GreatestSerde, LeastSerde, InSerde, InSetSerde)

  /**
   * The sidecar checks that every value argument has the result type (the analyzer's type
   * coercion makes it so); anything else is declined here rather than failing the task.
   */
  private def sameTypes(what: String, values: Seq[Expression], want: DataType): SupportLevel =
    values.find(v => v.dataType != want && v.dataType != NullType) match {
      case Some(v) => Unsupported(s"$what ${v.sql} has type ${v.dataType.catalogString}, not ${want.catalogString}")
      case None => Compatible
    }

  /** A conditional whose value arguments all have the result type. */
  abstract class SameTypeSerde[T <: Expression: ClassTag] extends ScalarFunctionSerde[T] {
    def values(e: T): Seq[Expression]
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel = sameTypes("argument", values(e), e.dataType)
  }

  private val lazyNote = "branches evaluated only for the rows that take them, as in Spark"

  /** Args [cond1, value1, ..., condN, valueN, else]; a missing ELSE is sent as a NULL literal. */
  object CaseWhenSerde extends SameTypeSerde[CaseWhen] {
    override def values(e: CaseWhen): Seq[Expression] = e.branches.map(_._2) ++ e.elseValue
    override def supportLevel(e: CaseWhen, ctx: ExprContext): SupportLevel =
      e.branches.map(_._1).find(c => c.dataType != BooleanType && c.dataType != NullType) match {
        case Some(c) => Unsupported(s"condition ${c.sql} is not boolean")
        case None => super.supportLevel(e, ctx)
      }
    override def notes: String = s"searched and simple CASE, every primitive type; $lazyNote"
    override def args(e: CaseWhen, ctx: ExprContext): Either[String, Seq[Expression]] =
      Right(e.branches.flatMap { case (c, v) => Seq(c, v) } :+
        e.elseValue.getOrElse(Literal.create(null, e.dataType)))
  }

  /** Args [predicate, trueValue, falseValue]. */
  object IfSerde extends SameTypeSerde[If] {
    override def values(e: If): Seq[Expression] = Seq(e.trueValue, e.falseValue)
    override def notes: String = s"also NULLIF and NVL2, which Spark rewrites to If; $lazyNote"
    override def args(e: If, ctx: ExprContext): Either[String, Seq[Expression]] =
      Right(Seq(e.predicate, e.trueValue, e.falseValue))
  }

  /** Args [expr1, expr2, ...]. */
  object CoalesceSerde extends SameTypeSerde[Coalesce] {
    override def values(e: Coalesce): Seq[Expression] = e.children
    override def notes: String =
      "also NVL and IFNULL, which Spark rewrites to Coalesce; an argument is evaluated only for the rows the earlier ones left NULL"
    override def args(e: Coalesce, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  private val extremumNote =
    "every primitive type; NULLs skipped; NaN above every other value, -0.0 = 0.0 (the first of equal values wins)"

  /** Args [expr1, expr2, ...]. */
  object GreatestSerde extends SameTypeSerde[Greatest] {
    override def values(e: Greatest): Seq[Expression] = e.children
    override def notes: String = extremumNote
    override def args(e: Greatest, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  /** Args [expr1, expr2, ...]. */
  object LeastSerde extends SameTypeSerde[Least] {
    override def values(e: Least): Seq[Expression] = e.children
    override def notes: String = extremumNote
    override def args(e: Least, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  private val inNote = "every primitive type; three-valued with NULLs in the value or the list; NaN = NaN, -0.0 = 0.0"

  /** Args [value, item1, item2, ...]. */
  object InSerde extends ScalarFunctionSerde[In] {
    override def notes: String = inNote + "; an empty list stays in Spark"
    override def supportLevel(e: In, ctx: ExprContext): SupportLevel =
      if (e.list.isEmpty) Unsupported("IN with an empty list")
      else sameTypes("list item", e.list, e.value.dataType)
    override def args(e: In, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.value +: e.list)
  }

  /** Args [value, literal1, literal2, ...]: the set's members as literals of the value's type. */
  object InSetSerde extends ScalarFunctionSerde[InSet] {
    override def notes: String = inNote + " (the optimizer's form of a long IN list of literals)"
    override def supportLevel(e: InSet, ctx: ExprContext): SupportLevel =
      if (e.hset.isEmpty) Unsupported("IN with an empty set")
      else if (!DataTypeSerde.isSupported(e.child.dataType)) Unsupported(s"IN on ${e.child.dataType.catalogString}")
      else Compatible
    override def args(e: InSet, ctx: ExprContext): Either[String, Seq[Expression]] =
      Right(e.child +: e.hset.toSeq.map(v => Literal(v, e.child.dataType)))
  }
}
