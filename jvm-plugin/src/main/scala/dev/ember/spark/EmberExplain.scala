package dev.ember.spark

import scala.collection.JavaConverters._

import dev.ember.spark.exec.EmberExec
import dev.ember.spark.rules.InputBoundary
import dev.ember.spark.serde.{ExprSerdes, OperatorSerdes}
import dev.ember.spark.serde.operators.TopNSerde

import org.apache.spark.sql.execution.{BaseSubqueryExec, ColumnarToRowExec, InputAdapter, LocalTableScanExec, RowToColumnarExec, SparkPlan, TakeOrderedAndProjectExec, WholeStageCodegenExec}
import org.apache.spark.sql.execution.adaptive.{AdaptiveSparkPlanExec, QueryStageExec}
import org.apache.spark.sql.execution.exchange.{EmberBroadcastExchangeExec, Exchange, ReusedExchangeExec}

/**
 * Reads an executed plan the way Ember's tests and tools need it: which nodes ran
 * natively and, for every node left to Spark, why. Callable from PySpark through py4j:
 * `spark._jvm.dev.ember.spark.EmberExplain.fallbacks(df._jdf.queryExecution().executedPlan())`.
 */
object EmberExplain {

  /**
   * Every node of `plan`, looking through AQE's wrapper and its query stages, and into the
   * plans of the subqueries its nodes' expressions hold (a scalar subquery's plan is part of
   * the query's work).
   */
  def nodes(plan: SparkPlan): Seq[SparkPlan] = plan match {
    case a: AdaptiveSparkPlanExec => a +: nodes(a.executedPlan)
    case q: QueryStageExec => q +: nodes(q.plan)
    case s: BaseSubqueryExec => s +: nodes(s.child)
    case p => p +: (p.children ++ p.subqueries).flatMap(nodes)
  }

  /**
   * Nodes that only wrap or convert and do no work of their own (a subquery's wrapper among
   * them: Spark collects its plan's rows, as it collects a query's result), an empty local
   * relation (what Spark plans for a result it proved empty), and shuffle
   * exchanges: Ember's own (`EmberShuffleExchange`), or Spark's where the native one was
   * declined (its reason is on it; regions on either side read its rows, see
   * `rules.InputBoundary`), so an exchange between native regions is not a fallback.
   */
  private def isPlumbing(p: SparkPlan): Boolean = p match {
    case _: AdaptiveSparkPlanExec | _: QueryStageExec | _: WholeStageCodegenExec | _: InputAdapter => true
    case _: BaseSubqueryExec => true
    case _: ColumnarToRowExec | _: RowToColumnarExec | _: dev.ember.spark.exec.NativeShuffleToRowsExec => true
    case t: TakeOrderedAndProjectExec => isTopNMerge(t)
    // What AQE puts in place of a plan it proved empty (AQEPropagateEmptyRelation): no rows,
    // nothing runs.
    case l: LocalTableScanExec => l.rows.isEmpty
    case _ => InputBoundary.isInput(p)
  }

  /**
   * A `TakeOrderedAndProjectExec` kept above a native per-partition `TopN`: like an exchange
   * between regions, it is the part (the single-partition merge) Ember has no native form of
   * yet, not a fallback; its reason says what it still runs.
   */
  private def isTopNMerge(t: TakeOrderedAndProjectExec): Boolean =
    t.getTagValue(EmberTags.FallbackReasons).contains(Seq(TopNSerde.FinalMergeReason)) &&
      t.exists(_.isInstanceOf[EmberExec])

  /** The Ember nodes of `plan`, rendered with the operators each replaced. */
  def nativeNodes(plan: SparkPlan): java.util.List[String] =
    nodes(plan).collect {
      case e: EmberExec => e.nodeName + " " + e.nodeNames.mkString("[", ", ", "]")
      case b: EmberBroadcastExchangeExec => b.nodeName + " [BroadcastExchange]"
      case e: org.apache.spark.ember.EmberShuffleExchangeExec => e.nodeName + " " + e.outputPartitioning.getClass.getSimpleName
    }.asJava

  /**
   * One entry per node of `plan` that Spark runs: `"<node name>\t<reasons>"`, the reasons
   * Ember recorded joined with "; ", or empty when it recorded none (strict mode treats
   * that as a bug).
   */
  def fallbacks(plan: SparkPlan): java.util.List[String] = {
    val all = nodes(plan)
    val feeding = nativeBroadcasts(all)
    all
      .filterNot(p => p.isInstanceOf[EmberExec] || isPlumbing(p) || feeding.contains(p))
      .map(p => p.nodeName + "\t" + reasons(p).mkString("; "))
      .asJava
  }

  /**
   * The exchanges of `plan` that Spark runs, `"<node name>\t<reasons>"`: shuffles and
   * broadcasts whose native form was declined (or a reuse of one). [[fallbacks]] counts them
   * as plumbing between native regions; this lists them for the stricter view that every
   * stage boundary is native too.
   */
  def sparkExchanges(plan: SparkPlan): java.util.List[String] =
    nodes(plan).collect {
      case e: Exchange if !isEmberExchange(e) => e
      case r: ReusedExchangeExec if !isEmberExchange(r.child) => r
    }.map(p => p.nodeName + "\t" + reasons(p).mkString("; ")).asJava

  private def isEmberExchange(p: SparkPlan): Boolean =
    p.isInstanceOf[EmberBroadcastExchangeExec] || p.isInstanceOf[org.apache.spark.ember.EmberShuffleExchangeExec]

  /**
   * The broadcasts whose relations native joins read (an `EmberExec`'s build side), with
   * the exchange inside AQE's stage or Spark's reuse: like a shuffle exchange between
   * regions, the broadcast Ember has no native form of yet, not a fallback.
   */
  private def nativeBroadcasts(all: Seq[SparkPlan]): java.util.Set[SparkPlan] = {
    val out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap[SparkPlan, java.lang.Boolean]())
    def add(p: SparkPlan): Unit = {
      out.add(p)
      p match {
        case q: QueryStageExec => add(q.plan)
        case r: ReusedExchangeExec => add(r.child)
        case _ =>
      }
    }
    all.foreach {
      case e: EmberExec => e.broadcasts.foreach(add)
      case _ =>
    }
    out
  }

  /**
   * The reasons Ember recorded for `p`. Spark puts a `ReusedExchange` in place of an exchange
   * equal to one elsewhere in the plan after Ember's rule ran: it has the reasons of the
   * exchange it reuses.
   */
  private def reasons(p: SparkPlan): Seq[String] = p match {
    case r: ReusedExchangeExec =>
      r.child.getTagValue(EmberTags.FallbackReasons).getOrElse(Nil).map(x => s"reuses ${r.child.nodeName}: $x")
    case _ => p.getTagValue(EmberTags.FallbackReasons).getOrElse(Nil)
  }

  /**
   * The signatures of the expressions the Ember nodes of `plan` evaluate natively, e.g.
   * `Add(int,int)->int` (class, children's types, result type), without duplicates.
   */
  def nativeExpressions(plan: SparkPlan): java.util.List[String] =
    nodes(plan).collect { case e: EmberExec => e.nativeExpressions }.flatten.distinct.asJava

  /** The Spark expression classes Ember supports (its registry), by simple class name. */
  def supportedExpressions(): java.util.List[String] = ExprSerdes.all.map(_.name).asJava

  /** The operators Ember supports (its registry), by Ember name as in `EmberExec [...]`. */
  def supportedOperators(): java.util.List[String] = OperatorSerdes.all.map(_.name).asJava
}
