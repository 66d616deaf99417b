package dev.ember.spark.serde.operators

import scala.collection.JavaConverters._
import scala.reflect.ClassTag

import dev.ember.proto.plan.v1.{AggregateFunction => PAggregateFunction, AggregateMode => PAggregateMode, BoundReference, Expr, HashAggregate, Operator}
import dev.ember.spark.serde.{DataTypeSerde, EvalModes, ExprContext, ExprSerdes, OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{Alias, Attribute, EvalMode, Expression}
import org.apache.spark.sql.catalyst.expressions.aggregate._
import org.apache.spark.sql.execution.aggregate.{BaseAggregateExec, HashAggregateExec, SortAggregateExec}
import org.apache.spark.sql.internal.SQLConf
import org.apache.spark.sql.types._

/**
 * `HashAggregateExec` → `HashAggregate` (aggregate.proto). Every mode: Partial and
 * PartialMerge emit Spark's aggregation buffers (grouping ++ aggBufferAttributes, so a
 * native partial feeds Spark's final aggregate and the reverse), Final and Complete evaluate
 * the functions and the result expressions.
 */
object HashAggregateSerde extends AggregateSerde[HashAggregateExec] {

  override val name: String = "HashAggregate"

  override def notes: String = functionNotes
}

/**
 * `SortAggregateExec` (what Spark plans when a buffer is not fixed-width, e.g. min/max of
 * strings) → the same native hash aggregate, whose output is not sorted: the conversion rule
 * keeps a SortAggregate in Spark when a parent relies on its order, and drops the Sort below
 * it (a hash aggregate needs none).
 */
object SortAggregateSerde extends AggregateSerde[SortAggregateExec] {

  override val name: String = "SortAggregate"

  override def notes: String =
    "run as a hash aggregate (the Sort below it is dropped); stays in Spark when a parent relies on its " +
      "output order, and with first/last (their answer follows Spark's sort, which is not stable). " +
      "Functions: as HashAggregate"

  override def supportLevel(agg: SortAggregateExec, conf: SQLConf): SupportLevel =
    if (orderSensitive(agg)) {
      Unsupported("first/last under a sort aggregate follow the order of Spark's sort, which is not stable")
    } else super.supportLevel(agg, conf)
}

/** The serde of Spark's hash and sort aggregates (both BaseAggregateExec). */
abstract class AggregateSerde[T <: BaseAggregateExec: ClassTag] extends OperatorSerde[T] {

  protected def functionNotes: String =
    "count, sum, avg, min, max, first/last (ignoreNulls both ways), var_samp/var_pop/stddev_samp/stddev_pop " +
      "(bool_and/bool_or/every/some/any reach the plan as min/max), with FILTER, in every mode; grouping on any " +
      "primitive type (NULL is a group; -0.0/0.0 and NaNs group as Spark normalizes them). Decimal sums keep " +
      "Spark's overflow to NULL (legacy) or ARITHMETIC_OVERFLOW (ANSI); long sums wrap (legacy) or raise (ANSI). " +
      "Declined: TRY mode (try_sum/try_avg), other aggregate functions"

  /** Ember's name of a supported aggregate function, or why it is not supported. */
  private def functionName(f: AggregateFunction): Either[String, String] = f match {
    case _: Count => Right("count")
    case _: Sum => Right("sum")
    case _: Average => Right("avg")
    case _: Min => Right("min")
    case _: Max => Right("max")
    case _: First => Right("first")
    case _: Last => Right("last")
    case _: VarianceSamp => Right("var_samp")
    case _: VariancePop => Right("var_pop")
    case _: StddevSamp => Right("stddev_samp")
    case _: StddevPop => Right("stddev_pop")
    case other => Left(s"aggregate function ${other.prettyName} is not supported")
  }

  private def evalModeOf(f: AggregateFunction): EvalMode.Value = f match {
    case s: Sum => s.evalMode
    case a: Average => a.evalMode
    case _ => EvalMode.LEGACY
  }

  private def nullOnDivideByZero(f: AggregateFunction): Boolean = f match {
    case s: StddevSamp => s.nullOnDivideByZero
    case s: StddevPop => s.nullOnDivideByZero
    case s: VarianceSamp => s.nullOnDivideByZero
    case s: VariancePop => s.nullOnDivideByZero
    case _ => true
  }

  private def ignoreNulls(f: AggregateFunction): Boolean = f match {
    case x: First => x.ignoreNulls
    case x: Last => x.ignoreNulls
    case _ => false
  }

  private def emitsBuffer(m: AggregateMode): Boolean = m == Partial || m == PartialMerge

  private def orderable(dt: DataType): Boolean = dt match {
    case BooleanType | ByteType | ShortType | IntegerType | LongType | FloatType | DoubleType | StringType |
        BinaryType | DateType | TimestampType | TimestampNTZType => true
    case _: DecimalType => DataTypeSerde.isSupported(dt)
    case _ => false
  }

  private def inputTypeOk(name: String, dt: DataType): Boolean = name match {
    case "sum" | "avg" => DataTypeSerde.isNumeric(dt)
    case "min" | "max" | "first" | "last" => orderable(dt)
    case "var_samp" | "var_pop" | "stddev_samp" | "stddev_pop" => dt == DoubleType
    case _ => true
  }

  private def functionSupport(ae: AggregateExpression): Option[String] = {
    val f = ae.aggregateFunction
    functionName(f) match {
      case Left(reason) => Some(reason)
      case Right(n) =>
        val in = f.children.headOption.map(_.dataType)
        if (n != "count" && !in.exists(inputTypeOk(n, _))) {
          Some(s"$n of ${in.map(_.catalogString).getOrElse("nothing")} is not supported")
        } else if (evalModeOf(f) == EvalMode.TRY) {
          Some(s"$n in TRY mode (try_${n}) is not supported yet")
        } else None
    }
  }

  /** Whether the result depends on the order of the input rows (first/last). */
  def orderSensitive(agg: BaseAggregateExec): Boolean =
    agg.aggregateExpressions.exists(ae => ae.aggregateFunction.isInstanceOf[First] || ae.aggregateFunction.isInstanceOf[Last])

  override def supportLevel(agg: T, conf: SQLConf): SupportLevel = {
    val modes = agg.aggregateExpressions.map(_.mode).distinct
    if (modes.map(emitsBuffer).distinct.size > 1) {
      return Unsupported(s"modes ${modes.mkString(", ")} mixed")
    }
    agg.groupingExpressions.find(g => !orderable(g.dataType)) match {
      case Some(g) => return Unsupported(s"grouping by ${g.dataType.catalogString} is not supported")
      case None =>
    }
    agg.aggregateExpressions.flatMap(functionSupport).headOption match {
      case Some(reason) => Unsupported(reason)
      case None => Compatible
    }
  }

  private def unalias(e: Expression): Expression = e match {
    case Alias(child, _) => child
    case other => other
  }

  private def toProtoMode(m: AggregateMode): PAggregateMode = m match {
    case Partial => PAggregateMode.AGGREGATE_MODE_PARTIAL
    case PartialMerge => PAggregateMode.AGGREGATE_MODE_PARTIAL_MERGE
    case Final => PAggregateMode.AGGREGATE_MODE_FINAL
    case Complete => PAggregateMode.AGGREGATE_MODE_COMPLETE
  }

  private def convertFunction(ae: AggregateExpression, ctx: ExprContext): Either[String, PAggregateFunction] = {
    val f = ae.aggregateFunction
    for {
      n <- functionName(f)
      resultType <- DataTypeSerde.toProto(f.dataType)
      b = PAggregateFunction.newBuilder()
        .setName(n)
        .setMode(toProtoMode(ae.mode))
        .setIgnoreNulls(ignoreNulls(f))
        .setEvalMode(EvalModes.toProto(evalModeOf(f)))
        .setNullOnDivideByZero(nullOnDivideByZero(f))
        .setResultType(resultType)
        .addAllBufferNames(f.aggBufferAttributes.map(_.name).asJava)
      _ <- if (n == "count") Right(())
           else DataTypeSerde.toProto(f.children.head.dataType).map(t => { b.setInputType(t); () })
      _ <- ae.mode match {
        case Partial | Complete =>
          for {
            args <- ExprSerdes.convertAll(f.children, ctx)
            filter <- ae.filter match {
              case Some(cond) => ExprSerdes.convert(cond, ctx).map(Some(_))
              case None => Right(None)
            }
          } yield {
            b.addAllArgs(args.asJava)
            filter.foreach(b.setFilter)
          }
        case _ =>
          ExprSerdes.sequence(f.inputAggBufferAttributes.map { a =>
            val i = ctx.input.indexWhere(_.exprId == a.exprId)
            if (i < 0) Left(s"input buffer ${a.name}#${a.exprId.id} of $n is not in the child's output") else Right(i)
          }).map(ords => ords.foreach(i => b.addInputBufferOrdinals(i)))
      }
    } yield b.build()
  }

  private def columnRef(i: Int, a: Attribute): Either[String, Expr] =
    DataTypeSerde.toProto(a.dataType).map { t =>
      Expr.newBuilder().setDataType(t).setNullable(a.nullable)
        .setColumn(BoundReference.newBuilder().setOrdinal(i).setName(a.name)).build()
    }

  override def convert(agg: T, conf: SQLConf): Either[String, Operator.Builder] = {
    val ctx = ExprContext(agg.child.output, conf)
    val groupingAttributes = agg.groupingExpressions.map(_.toAttribute)
    val buffers = agg.aggregateExpressions.isEmpty || emitsBuffer(agg.aggregateExpressions.head.mode)
    for {
      grouping <- ExprSerdes.convertAll(agg.groupingExpressions.map(unalias), ctx)
      functions <- ExprSerdes.sequence(agg.aggregateExpressions.map(convertFunction(_, ctx)))
      result <- if (buffers && agg.aggregateExpressions.nonEmpty) {
        // Partial / PartialMerge: Spark emits grouping ++ buffers as they are.
        val inter = groupingAttributes ++ agg.aggregateExpressions.flatMap(_.aggregateFunction.aggBufferAttributes)
        ExprSerdes.sequence(inter.zipWithIndex.map { case (a, i) => columnRef(i, a) })
      } else {
        val input = if (buffers) groupingAttributes else groupingAttributes ++ agg.aggregateAttributes
        ExprSerdes.convertAll(agg.resultExpressions.map(unalias), ExprContext(input, conf))
      }
    } yield Operator.newBuilder().setHashAggregate(
      HashAggregate.newBuilder()
        .addAllGrouping(grouping.asJava)
        .addAllGroupingNames(groupingAttributes.map(_.name).asJava)
        .addAllFunctions(functions.asJava)
        .addAllResultExprs(result.asJava)
        .addAllResultNames(agg.output.map(_.name).asJava))
  }
}
