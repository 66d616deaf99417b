package dev.ember.spark.rules

import java.util.IdentityHashMap

import dev.ember.proto.plan.v1.Operator
import dev.ember.spark.{EmberConf, EmberTags}
import dev.ember.spark.exec.{EmberExec, ScalarSubqueryValues, TaskPlans}
import dev.ember.spark.serde.{ExprSerdes, OperatorSerdes}
import dev.ember.spark.serde.operators.{SortAggregateSerde, SortMergeJoinSerde, TopNSerde}
import org.slf4j.LoggerFactory

import org.apache.spark.ember.{EmberShuffleExchangeExec, NativeShuffleInput}
import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.expressions.{Expression, InputFileBlockLength, InputFileBlockStart, InputFileName, SortOrder}
import org.apache.spark.sql.catalyst.plans.physical.{RangePartitioning, SinglePartition}
import org.apache.spark.sql.catalyst.rules.Rule
import org.apache.spark.sql.catalyst.optimizer.BuildLeft
import org.apache.spark.sql.execution.{FileSourceScanExec, SortExec, SparkPlan, TakeOrderedAndProjectExec, UnionExec}
import org.apache.spark.sql.execution.aggregate.SortAggregateExec
import org.apache.spark.sql.execution.exchange.{BroadcastExchangeExec, EmberBroadcastExchangeExec, Exchange, ShuffleExchangeExec}
import org.apache.spark.sql.execution.joins.{BroadcastHashJoinExec, BroadcastNestedLoopJoinExec, SortMergeJoinExec}
import org.apache.spark.sql.internal.SQLConf

/**
 * A maximal fragment of the plan that Ember can run: the proto operator tree, the scans
 * at its leaves, the Spark operators whose rows feed its ArrowInput leaves (exchanges),
 * the names of the Spark operators it replaces (top-down), the signatures of the Spark
 * expressions it evaluates (see [[NativeRegion.signature]]), and the broadcasts whose
 * relations feed the build sides of its joins (an ArrowInput leaf each). `branched`: the
 * inputs are the branches of a Union, one read by each task; otherwise every task reads
 * every input (partition i of each exchange, the whole of each broadcast). `subqueries`: the
 * scalar subqueries its operators' expressions hold, whose values its plan needs.
 */
final case class NativeRegion(
    operator: Operator,
    scans: Seq[FileSourceScanExec],
    nodeNames: Seq[String],
    expressions: Seq[String] = Nil,
    inputs: Seq[SparkPlan] = Nil,
    broadcasts: Seq[SparkPlan] = Nil,
    branched: Boolean = false,
    subqueries: Seq[Expression] = Nil)

object NativeRegion {

  /**
   * The signature of a natively evaluated expression, e.g. `Add(int,int)->int`: its class,
   * its children's types and its type. Recorded so tests can check which expressions and
   * types their queries ran natively (compat-tests' coverage check).
   */
  def signature(e: Expression): String =
    s"${e.getClass.getSimpleName}(${e.children.map(_.dataType.catalogString).mkString(",")})->" +
      e.dataType.catalogString

  /**
   * The signatures of the expressions `plan` evaluates natively once converted: every
   * expression of a converted operator (a scan's pushed filters only prune, so a scan
   * contributes none) that has an Ember serde.
   */
  def expressionSignatures(plan: SparkPlan): Seq[String] = plan match {
    case _: FileSourceScanExec => Nil
    case _ => plan.expressions.flatMap(expressionSignatures).distinct
  }

  /** The signatures of `e` and its children that have an Ember serde. */
  def expressionSignatures(e: Expression): Seq[String] =
    e.collect { case x if ExprSerdes.serdeFor(x).isDefined => signature(x) }
}

/**
 * Replaces each maximal supported fragment of a physical plan with one [[EmberExec]].
 *
 * Walks the plan top-down: a node becomes the root of a native region when it and every
 * node below it can be converted, down to one Parquet scan or one shuffle exchange (whose
 * rows then stream to the sidecar: [[InputBoundary]]). A node that
 * cannot be converted stays in Spark with its reason recorded in
 * [[EmberTags.FallbackReasons]] (and logged at WARN when `spark.ember.explainFallback.enabled`),
 * and its children are tried in turn.
 */
case class EmberConversionRule(session: SparkSession) extends Rule[SparkPlan] {

  override def apply(plan: SparkPlan): SparkPlan = {
    val sqlConf = session.sessionState.conf
    if (!EmberConf.ENABLED.get(sqlConf)) plan
    else EmberConversion.convert(plan, sqlConf, readsInputFile(plan), nativeBroadcasts(plan))
  }

  /** Whether broadcasts may become Ember's: not in a plan with dynamic partition pruning. */
  private def nativeBroadcasts(plan: SparkPlan): Boolean = !NativeBroadcast.prunesDynamically(plan)

  /**
   * The conversion's first round over `plan`, asked by [[EmberBroadcastPrepRule]] which
   * joins and children will run natively. It assumes a sort-merge join's build side fits
   * (`spark.ember.sortMergeJoin.maxBuildPartitionBytes`): the prep rule sees the plan before
   * any stage ran, when AQE may still make that join a broadcast hash join or find its
   * partitions small; a wrong guess costs a second broadcast (`EmberBroadcastToSparkExec`).
   */
  private[rules] def conversion(plan: SparkPlan): EmberConversion = {
    val sqlConf = session.sessionState.conf.clone()
    sqlConf.setConfString(EmberConf.SMJ_MAX_BUILD_PARTITION_BYTES.key, Long.MaxValue.toString)
    new EmberConversion(sqlConf, readsInputFile(plan), EmberConversion.orderRelied(plan, sqlConf),
      nativeBroadcasts = nativeBroadcasts(plan))
  }

  /**
   * Whether the plan calls input_file_name() or input_file_block_start/length(): only
   * Spark's own scan sets the current file (InputFileBlockHolder), so its scans must stay.
   */
  private def readsInputFile(plan: SparkPlan): Boolean =
    plan.exists(_.expressions.exists(_.exists {
      case _: InputFileName | _: InputFileBlockStart | _: InputFileBlockLength => true
      case _ => false
    }))
}

/** One application of the rule; caches each node's conversion result. */
private[rules] final class EmberConversion(
    conf: SQLConf,
    readsInputFile: Boolean = false,
    orderRelied: java.util.Set[SparkPlan] = java.util.Collections.emptySet[SparkPlan](),
    nativeBroadcasts: Boolean = false) {
  import EmberConversion.{log, MaxExchangesPerTask, MaxInputsPerTask, SortingNodes}

  private val explainFallback = EmberConf.EXPLAIN_FALLBACK.get(conf)
  private val regions = new IdentityHashMap[SparkPlan, Either[String, NativeRegion]]()
  /** Each node of the output that stays in Spark, to the input node it copies. */
  private val keptInSpark = new IdentityHashMap[SparkPlan, SparkPlan]()

  /**
   * The input nodes that stayed in Spark although a child's output, once converted, no longer
   * has the ordering they require: a parent that [[EmberConversion.orderRelied]] expected to be
   * converted (and so not to need the order) and that stayed in Spark for a reason found only
   * while converting (e.g. its region would read too many exchanges).
   */
  def orderBroken(output: SparkPlan): Seq[SparkPlan] =
    output.collect {
      case p if keptInSpark.containsKey(p) && p.children.zip(p.requiredChildOrdering).exists { case (c, required) =>
        required.nonEmpty && !SortOrder.orderingSatisfies(c.outputOrdering, required)
      } => keptInSpark.get(p)
    }

  /** The plan with every maximal native region replaced by an `EmberExec`. */
  def transform(plan: SparkPlan): SparkPlan = plan match {
    case ember: EmberExec => ember
    // Under AQE, a broadcast stage's exchange that EmberBroadcastPrepRule made Ember's.
    case b: EmberBroadcastExchangeExec => b.withNewChildren(Seq(transform(b.child)))
    case topN: TakeOrderedAndProjectExec => transformTopN(topN)
    case _ =>
      regionOf(plan) match {
        case Right(_) if InputBoundary.isInput(plan) =>
          // An exchange alone is nothing to run natively; the plan below it may be.
          transformInput(plan)
        case Right(region) =>
          emberExec(plan, region, plan.outputOrdering).fold(reason => declined(plan, reason), identity)
        case Left(reason) =>
          declined(plan, reason)
      }
  }

  /**
   * The `EmberExec` running `region` in place of `plan` (with its output and partitioning, and
   * `ordering`), or why it cannot run. A scan region reports an ordering only when it sorts.
   */
  private def emberExec(plan: SparkPlan, region: NativeRegion, ordering: Seq[SortOrder]): Either[String, SparkPlan] =
    if (region.scans.nonEmpty && region.inputs.isEmpty) {
      Right(EmberExec(plan.output, withInputIndexes(region), region.nodeNames, region.scans,
        nativeExpressions = region.expressions.distinct,
        replacedOrdering = if (region.nodeNames.exists(SortingNodes.contains) && keepsOrder(region)) ordering else Nil,
        broadcasts = region.broadcasts.map(transformBroadcast),
        scalarSubqueries = ScalarSubqueryValues.collect(region.subqueries)))
    } else if (region.scans.isEmpty && region.inputs.nonEmpty) {
      InputBoundary.worthConverting(plan, region, conf, region.inputs.forall(nativeInput)) match {
        case Some(reason) => Left(reason)
        case None =>
          Right(EmberExec(plan.output, withInputIndexes(region), region.nodeNames, Nil, region.inputs.map(transformInput),
            region.expressions.distinct, plan.outputPartitioning, if (keepsOrder(region)) ordering else Nil,
            region.broadcasts.map(transformBroadcast), zipInputs = !region.branched && region.inputs.size > 1,
            scalarSubqueries = ScalarSubqueryValues.collect(region.subqueries)))
      }
    } else {
      Left("a native region reads Parquet scans or exchanges, not both: found " +
        s"${region.scans.size} scans and ${region.inputs.size} exchanges")
    }

  /**
   * The region's plan with its ArrowInput leaves numbered: input k is the k-th of its
   * exchanges, then its broadcasts ([[EmberExec]]); a Union's branches each read input 0.
   */
  private def withInputIndexes(region: NativeRegion): Operator =
    if (region.branched) region.operator
    else TaskPlans.withInputIndexes(region.operator, (region.inputs ++ region.broadcasts).map(_.id.toLong).zipWithIndex.toMap)

  /**
   * Whether the region's output keeps the replaced top node's ordering: not when it runs a
   * SortAggregate as a hash aggregate or a SortMergeJoin as a hash join, unless it sorts
   * again above it.
   */
  private def keepsOrder(region: NativeRegion): Boolean = {
    val unordering = Set(SortAggregateSerde.name, SortMergeJoinSerde.name)
    !region.nodeNames.exists(unordering) || region.nodeNames.takeWhile(n => !unordering(n)).exists(SortingNodes.contains)
  }

  /**
   * `TakeOrderedAndProjectExec` stays in Spark (it merges the partitions' rows through a
   * single-partition shuffle of its own); its child becomes a native region topped by a
   * per-partition `TopN`, so Spark merges at most `limit` sorted rows per partition.
   */
  private def transformTopN(topN: TakeOrderedAndProjectExec): SparkPlan = {
    val local = for {
      builder <- TopNSerde.convertChecked(topN, conf)
      child <- regionOf(topN.child).left.map(_ => s"its child ${topN.child.nodeName} runs in Spark")
      region = NativeRegion(builder.addChildren(child.operator).build(), child.scans,
        TopNSerde.name +: child.nodeNames,
        topN.sortOrder.flatMap(o => NativeRegion.expressionSignatures(o.child)) ++ child.expressions,
        child.inputs, child.broadcasts, subqueries = ScalarSubqueryValues.collect(topN.sortOrder) ++ child.subqueries)
      exec <- emberExec(topN.child, region, topN.sortOrder)
    } yield exec
    local match {
      case Right(exec) =>
        topN.setTagValue(EmberTags.FallbackReasons, Seq(TopNSerde.FinalMergeReason))
        topN.withNewChildren(Seq(exec))
      case Left(reason) => declined(topN, reason)
    }
  }

  /**
   * An exchange that feeds a region (or none): native when its child region is
   * ([[NativeShuffle]]); else it stays in Spark and its subtree is converted.
   */
  private def transformInput(input: SparkPlan): SparkPlan = input match {
    case native: EmberShuffleExchangeExec => native
    case e: ShuffleExchangeExec =>
      nativeExchange(e) match {
        case Right(native) => native
        case Left(reason) =>
          if (explainFallback) log.warn(s"Ember: ${e.nodeName} stays in Spark: $reason")
          e.setTagValue(EmberTags.FallbackReasons, Seq(s"$reason; ${InputBoundary.SparkShuffleReason}"))
          e.withNewChildren(e.children.map(transform))
      }
    case _ =>
      input.setTagValue(EmberTags.FallbackReasons, Seq(InputBoundary.SparkShuffleReason))
      input.withNewChildren(input.children.map(transform))
  }

  private val nativeExchanges = new IdentityHashMap[SparkPlan, Either[String, EmberShuffleExchangeExec]]()

  /** The native exchange replacing `e` (its child converted), or why `e` stays in Spark. */
  private def nativeExchange(e: ShuffleExchangeExec): Either[String, EmberShuffleExchangeExec] = {
    val cached = nativeExchanges.get(e)
    if (cached != null) return cached
    val result = for {
      region <- e.child match {
        case ember: EmberExec => Right(ember)
        case child =>
          regionOf(child).flatMap(r => emberExec(child, r, child.outputOrdering)).flatMap {
            case ember: EmberExec => Right(ember)
            case other => Left(s"${other.nodeName} is not a native region")
          }.left.map(reason => s"its child ${child.nodeName} runs in Spark ($reason)")
      }
      template <- NativeShuffle.writeTemplate(e, region, conf)
    } yield NativeShuffle.exchange(e, region, template)
    nativeExchanges.put(e, result)
    result
  }

  /** Whether a region's input is (or will be) a native exchange's output. */
  private def nativeInput(input: SparkPlan): Boolean = input match {
    case e: ShuffleExchangeExec => nativeExchange(e).isRight
    case p if NativeShuffleInput.exchange(p).isDefined => true
    case _ => false
  }

  /**
   * A broadcast that feeds a native join: Ember's exchange when its child runs natively
   * ([[NativeBroadcast]]), else Spark's, with the reason; its subtree is converted.
   */
  private def transformBroadcast(broadcast: SparkPlan): SparkPlan = {
    val children = broadcast.children.map(transform)
    // Without AQE the join and its exchange are converted together (NativeBroadcast).
    val native = broadcast match {
      case b if NativeBroadcast.isEmber(b) => Right(b)
      case b: BroadcastExchangeExec =>
        NativeBroadcast.eligible(b, conf)
          .flatMap(_ => if (nativeBroadcasts) Right(()) else Left(NativeBroadcast.DynamicPruningReason))
          .flatMap(_ => NativeBroadcast.exchange(b, children.head).toRight(s"its child ${b.child.nodeName} runs in Spark"))
      case b => Left(NativeBroadcast.whySpark(b, conf))
    }
    native.fold({ reason =>
      broadcast.setTagValue(EmberTags.FallbackReasons, Seq(s"${BroadcastInput.SparkBroadcastReason}: $reason"))
      broadcast.withNewChildren(children)
    }, identity)
  }

  private def declined(plan: SparkPlan, reason: String): SparkPlan = {
    plan.setTagValue(EmberTags.FallbackReasons, Seq(reason))
    if (explainFallback) {
      log.warn(s"Ember: ${ExprSerdes.abbreviateForLog(plan.simpleString(10))} runs in Spark: $reason")
    }
    // withNewChildren copies the tag to the new node.
    val out = plan.withNewChildren(plan.children.map(transform))
    keptInSpark.put(out, plan)
    out
  }

  /** The native region rooted at `plan`, or why `plan` cannot be native. */
  private[rules] def regionOf(plan: SparkPlan): Either[String, NativeRegion] = {
    val cached = regions.get(plan)
    if (cached != null) return cached
    val result = if (InputBoundary.isInput(plan)) InputBoundary.region(plan, conf) else if (plan.isInstanceOf[TakeOrderedAndProjectExec]) {
      Left(TopNSerde.FinalMergeReason)
    } else if (plan.isInstanceOf[SortAggregateExec] && plan.outputOrdering.nonEmpty && orderRelied.contains(plan)) {
      Left("its parent relies on its output being sorted by the grouping keys, which a hash aggregate does not keep")
    } else if (plan.isInstanceOf[SortMergeJoinExec] && plan.outputOrdering.nonEmpty && orderRelied.contains(plan)) {
      Left(SortMergeJoinSerde.OrderReliedReason)
    } else OperatorSerdes.serdeFor(plan) match {
      case Some(_) if readsInputFile && plan.isInstanceOf[FileSourceScanExec] =>
        Left("the query calls input_file_name() or input_file_block_start/length(), which only Spark's scan sets")
      // Under AQE a broadcast is its stage's root, converted alone; EmberBroadcastPrepRule,
      // which saw its join, said why it stays Spark's.
      case None if plan.isInstanceOf[BroadcastExchangeExec] =>
        Left(plan.getTagValue(EmberTags.FallbackReasons).flatMap(_.headOption)
          .getOrElse(s"${plan.nodeName} is not supported by Ember"))
      case None => Left(s"${plan.nodeName} is not supported by Ember")
      case Some(serde) =>
        for {
          builder <- serde.convertChecked(plan, conf)
          children <- ExprSerdes.sequence(nativeChildren(plan).map(childRegion(plan, _)))
          branched <- inputsPerTask(plan, children)
        } yield {
          children.foreach(c => builder.addChildren(c.operator))
          val scans = plan match {
            case scan: FileSourceScanExec => Seq(scan)
            case _ => children.flatMap(_.scans)
          }
          NativeRegion(builder.build(), scans, serde.name +: children.flatMap(_.nodeNames),
            NativeRegion.expressionSignatures(plan) ++ children.flatMap(_.expressions),
            children.flatMap(_.inputs), children.flatMap(_.broadcasts), branched,
            ScalarSubqueryValues.collect(plan.expressions) ++ children.flatMap(_.subqueries))
        }
    }
    regions.put(plan, result)
    result
  }

  /** Whether `plan` will be (the root of) a native region, as [[transform]] decides. */
  private[rules] def runsNatively(plan: SparkPlan): Boolean =
    !InputBoundary.isInput(plan) && !plan.isInstanceOf[TakeOrderedAndProjectExec] &&
      regionOf(plan).exists(r => r.scans.nonEmpty || InputBoundary.worthConverting(plan, r, conf).isEmpty)

  /**
   * The region of one of `plan`'s children: a broadcast join's build side is the
   * broadcast's ArrowInput leaf ([[BroadcastInput]]), any other child its own region.
   */
  private def childRegion(plan: SparkPlan, child: SparkPlan): Either[String, NativeRegion] = plan match {
    case join: BroadcastHashJoinExec if (join.buildSide == BuildLeft) == (child eq join.left) =>
      BroadcastInput.region(child)
    case join: BroadcastNestedLoopJoinExec if (join.buildSide == BuildLeft) == (child eq join.left) =>
      BroadcastInput.region(child)
    case _ => regionOf(child).left.map(_ => s"its child ${child.nodeName} runs in Spark")
  }

  /**
   * Whether the region rooted at `plan` reads its inputs as a Union's branches (each task
   * one), or why its inputs cannot be read. A task streams several inputs (exchanges and
   * broadcasts, an ArrowInput leaf each, [[EmberExec]]); a Union's tasks each run one
   * branch, so a branch reads at most one exchange and no broadcast, and a Union's
   * branches are not combined with another input. Two or three exchanges are the sides of
   * shuffled joins, which Spark partitions alike: task i reads partition i of each.
   */
  private def inputsPerTask(plan: SparkPlan, children: Seq[NativeRegion]): Either[String, Boolean] = {
    val broadcasts = children.map(_.broadcasts.size).sum
    val inputs = children.map(_.inputs.size).sum
    if (plan.isInstanceOf[UnionExec]) {
      if (broadcasts > 0) Left("a Union whose branches read broadcasts (native joins) is not supported yet")
      else if (children.exists(c => c.inputs.size > 1)) Left("a Union whose branch reads several exchanges is not supported yet")
      else Right(inputs > 1)
    } else if (children.exists(_.branched) && children.map(c => if (c.branched) 1 else c.inputs.size + c.broadcasts.size).sum > 1) {
      Left("its native children would read a Union's branches of exchanges and another input in one task")
    } else if (children.count(_.scans.nonEmpty) > 1) {
      Left("its native children would read two Parquet scans in one task (a join of scans without an exchange)")
    } else if (inputs > MaxExchangesPerTask) {
      Left(s"its native children would read $inputs exchanges in one task (at most $MaxExchangesPerTask)")
    } else if (inputs + broadcasts > MaxInputsPerTask) {
      Left(s"its native children would read ${inputs + broadcasts} inputs in one task (at most $MaxInputsPerTask)")
    } else if ((children.flatMap(_.inputs) ++ children.flatMap(_.broadcasts)).map(_.id).distinct.size != inputs + broadcasts) {
      Left("its native children read one Spark operator twice")
    } else Right(children.exists(_.branched))
  }

  /**
   * The children whose regions `plan`'s native operator reads: a SortAggregate, run as a
   * hash aggregate, skips the Sort Spark put below it (its serde declines first/last, the
   * functions that would depend on that order); a SortMergeJoin, run as a hash join, skips
   * the Sorts below it.
   */
  private def nativeChildren(plan: SparkPlan): Seq[SparkPlan] = plan match {
    case agg: SortAggregateExec if !SortAggregateSerde.orderSensitive(agg) =>
      agg.children.map {
        case sort: SortExec if !sort.global && sort.sortOrder == agg.requiredChildOrdering.head => sort.child
        case other => other
      }
    case smj: SortMergeJoinExec => SortMergeJoinSerde.unsortedChildren(smj)
    case _ => plan.children
  }
}

private object EmberConversion {
  val log = LoggerFactory.getLogger(classOf[EmberConversionRule])

  /** Exchanges one task reads together (partition i of each); Spark's zipPartitions zips up to 4 RDDs. */
  val MaxExchangesPerTask = 4
  /** ArrowInput leaves of one task (the sidecar takes up to 64). */
  val MaxInputsPerTask = 16

  /** The Ember operators whose output is sorted (a scan region reports an ordering only with one). */
  val SortingNodes: Set[String] = Set("Sort", "TopN")

  /**
   * `plan` with its native regions replaced by `EmberExec`s. Which sort-merge joins and sort
   * aggregates may drop their output order depends on which parents will be converted
   * ([[orderRelied]] predicts it); when a parent predicted to be converted stays in Spark
   * after all and so needs the order again, the conversion is redone with that parent's
   * requirement counted, until no converted region breaks an ordering a Spark node requires.
   * Each round counts at least one more requirement, so this ends.
   */
  def convert(plan: SparkPlan, conf: SQLConf, readsInputFile: Boolean, nativeBroadcasts: Boolean = false): SparkPlan = {
    @scala.annotation.tailrec
    def attempt(required: java.util.Set[SparkPlan]): SparkPlan = {
      val conversion = new EmberConversion(conf, readsInputFile, orderRelied(plan, conf, required), nativeBroadcasts)
      val output = conversion.transform(plan)
      val broken = conversion.orderBroken(output).filterNot(required.contains)
      if (broken.isEmpty) output
      else {
        broken.foreach(required.add)
        attempt(required)
      }
    }
    attempt(newIdentitySet())
  }

  private def newIdentitySet(): java.util.Set[SparkPlan] =
    java.util.Collections.newSetFromMap(new IdentityHashMap[SparkPlan, java.lang.Boolean]())

  /**
   * The nodes of `plan` whose output order something above relies on: a child whose
   * ordering its parent requires, the child of an order-preserving node whose own order is
   * relied on, and the root when its rows may be a query's ordered result: Spark drops an
   * ORDER BY's Sort when the child is already ordered and in one partition or range
   * partitioned, so a root with such partitioning is relied on.
   *
   * A parent that Ember will run without needing its children's order does not count: a
   * sort-merge join replaced by a hash join, a sort aggregate run as a hash aggregate, when
   * their own order is not relied on and their serdes accept them ([[dropsChildOrder]]), so
   * that stacked sort-merge joins on one key are all replaced. Nodes in `required` (parents
   * that stayed in Spark against that prediction, see [[convert]]) count as usual.
   */
  def orderRelied(plan: SparkPlan, conf: SQLConf = SQLConf.get,
      required: java.util.Set[SparkPlan] = newIdentitySet()): java.util.Set[SparkPlan] = {
    val out = newIdentitySet()
    def visit(p: SparkPlan, relied: Boolean): Unit = {
      if (relied) out.add(p)
      val requiredOrdering =
        if (!relied && !required.contains(p) && dropsChildOrder(p, conf)) Nil else p.requiredChildOrdering
      p.children.zipWithIndex.foreach { case (c, i) =>
        val own = requiredOrdering.lift(i).exists(_.nonEmpty)
        val passedDown = relied && p.outputOrdering.nonEmpty && !p.isInstanceOf[SortExec]
        visit(c, own || passedDown)
      }
    }
    val rootRelied = !plan.isInstanceOf[Exchange] && (plan.outputPartitioning match {
      case SinglePartition | _: RangePartitioning => true
      case _ => false
    })
    visit(plan, rootRelied)
    out
  }

  /**
   * Whether `p`, once converted, no longer needs its children's order: a sort-merge join that
   * its serde would replace by a hash join, a sort aggregate it would run as a hash aggregate
   * (one whose functions do not depend on the order). Only `p` itself is checked; a parent
   * that then stays in Spark for its children's sake is caught by [[convert]].
   */
  private def dropsChildOrder(p: SparkPlan, conf: SQLConf): Boolean = p match {
    case smj: SortMergeJoinExec => SortMergeJoinSerde.convertChecked(smj, conf).isRight
    case agg: SortAggregateExec =>
      !SortAggregateSerde.orderSensitive(agg) && SortAggregateSerde.convertChecked(agg, conf).isRight
    case _ => false
  }
}
