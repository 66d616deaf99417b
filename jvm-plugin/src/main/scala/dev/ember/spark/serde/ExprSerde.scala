package dev.ember.spark.serde

import scala.reflect.ClassTag

import dev.ember.proto.plan.v1.Expr
import dev.ember.spark.EmberConf
import dev.ember.spark.serde.SupportLevel.{Compatible, Incompatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{Attribute, Expression}
import org.apache.spark.sql.internal.SQLConf

/**
 * What converting an expression needs besides the expression itself.
 *
 * @param input the output of the operator's child: attribute references are bound to their
 *              ordinal in it.
 * @param conf  the session conf.
 */
final case class ExprContext(input: Seq[Attribute], conf: SQLConf)

/**
 * Converts one Spark expression class to the proto `Expr`.
 *
 * Subclasses decide the [[SupportLevel]] of a concrete expression and fill in the `kind` of
 * the proto expression, converting children through [[ExprSerdes.convert]]. The common
 * parts (the per-expression switch, the result type, `data_type` and `nullable`) are done
 * once, in [[convertChecked]].
 */
abstract class ExprSerde[T <: Expression](implicit tag: ClassTag[T]) {

  /** The Spark expression class this serde converts; matched exactly. */
  final val exprClass: Class[_] = tag.runtimeClass

  /** Spark's class name, used in reasons and in `spark.ember.expression.<name>.*` keys. */
  def name: String = exprClass.getSimpleName

  /** Whether Ember can run `expr` exactly as Spark does. */
  def supportLevel(expr: T, ctx: ExprContext): SupportLevel = Compatible

  /** What is and is not covered, for docs/compatibility.md. */
  def notes: String = ""

  /**
   * The `ScalarFunction` names this serde can emit; the sidecar must list each as
   * `function:<name>` in its handshake capabilities.
   */
  def functionNames: Seq[String] = Nil

  /**
   * The proto expression with its `kind` set (data_type and nullable are set by the
   * caller), or the reason it cannot be converted. Called only when [[supportLevel]] did
   * not return `Unsupported`.
   */
  def convert(expr: T, ctx: ExprContext): Either[String, Expr.Builder]

  /** Checks the switches and support level, then converts. */
  final def convertChecked(e: Expression, ctx: ExprContext): Either[String, Expr] = {
    val expr = e.asInstanceOf[T]
    if (!EmberConf.expressionEnabled(name, ctx.conf)) {
      Left(s"expression $name is disabled (${EmberConf.EXPRESSION_PREFIX}$name.enabled=false)")
    } else {
      val allowed = supportLevel(expr, ctx) match {
        case Compatible => Right(())
        case Unsupported(reason) => Left(s"expression $name: $reason")
        case Incompatible(_) if EmberConf.expressionAllowIncompatible(name, ctx.conf) => Right(())
        case Incompatible(reason) =>
          Left(s"expression $name is not fully compatible with Spark ($reason); set " +
            s"${EmberConf.EXPRESSION_PREFIX}$name.allowIncompatible=true to run it natively")
      }
      for {
        _ <- allowed
        dataType <- DataTypeSerde.toProto(expr.dataType).left.map(r => s"expression $name: result $r")
        builder <- convert(expr, ctx)
      } yield builder.setDataType(dataType).setNullable(expr.nullable).build()
    }
  }
}

/** The registry of expression serdes, grouped by category. */
object ExprSerdes {
  import dev.ember.spark.serde.expressions._

  /** Every supported expression class, by category (the categories of docs/compatibility.md). */
  val categories: Seq[(String, Seq[ExprSerde[_ <: Expression]])] = Seq(
    "References and literals" -> ReferenceSerdes.all,
    "Predicates" -> PredicateSerdes.all,
    "Arithmetic" -> ArithmeticSerdes.all,
    "Math" -> MathSerdes.all,
    "Conditionals" -> ConditionalSerdes.all,
    "Casts" -> CastSerdes.all,
    "Date functions" -> DateTimeSerdes.all,
    "Rounding" -> RoundingSerdes.all,
    "Strings" -> StringSerdes.all,
    "Aggregation" -> AggregationSerdes.all,
    "Hashing" -> HashSerdes.all,
    "Subqueries" -> SubquerySerdes.all)

  /** Every supported expression class. */
  val all: Seq[ExprSerde[_ <: Expression]] = categories.flatMap(_._2)

  /** Every `ScalarFunction` name the serdes can emit. */
  val functionNames: Set[String] = all.flatMap(_.functionNames).toSet

  private val byClass: Map[Class[_], ExprSerde[_ <: Expression]] = {
    val m: Map[Class[_], ExprSerde[_ <: Expression]] = all.map(s => (s.exprClass, s): (Class[_], ExprSerde[_ <: Expression])).toMap
    require(m.size == all.size, "two expression serdes for one class")
    m
  }

  /** The serde for `expr`'s exact class, if Ember has one. */
  def serdeFor(expr: Expression): Option[ExprSerde[_ <: Expression]] = byClass.get(expr.getClass)

  /** Converts `expr` and all its children, or returns the first reason it cannot. */
  def convert(expr: Expression, ctx: ExprContext): Either[String, Expr] =
    serdeFor(expr) match {
      case Some(serde) => serde.convertChecked(expr, ctx)
      case None =>
        Left(s"expression ${expr.getClass.getSimpleName} is not supported: ${abbreviate(expr.sql)}")
    }

  /** Converts every expression, or returns the first reason one cannot be converted. */
  def convertAll(exprs: Seq[Expression], ctx: ExprContext): Either[String, Seq[Expr]] =
    sequence(exprs.map(convert(_, ctx)))

  /** The first Left, or all the Rights. */
  def sequence[A](results: Seq[Either[String, A]]): Either[String, Seq[A]] = {
    val out = Seq.newBuilder[A]
    results.foreach {
      case Right(a) => out += a
      case Left(reason) => return Left(reason)
    }
    Right(out.result())
  }

  private[serde] def abbreviate(s: String, max: Int = 120): String =
    if (s.length <= max) s else s.take(max - 3) + "..."

  /** A plan or expression string cut for a log line. */
  def abbreviateForLog(s: String): String = abbreviate(s.replace('\n', ' '), 200)
}
