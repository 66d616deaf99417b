package dev.ember.spark.exec

import scala.collection.JavaConverters._
import scala.reflect.ClassTag

import dev.ember.proto.plan.v1.{FileSegment, Operator, ShuffleWrite}
import dev.ember.proto.sidecar.v1.TaskResult
import dev.ember.spark.EmberConf
import dev.ember.spark.shims.SparkShims
import org.apache.arrow.memory.BufferAllocator

import org.apache.spark.rdd.{RDD, UnionRDD}
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.{Attribute, Expression, SortOrder}
import org.apache.spark.sql.catalyst.plans.physical.{Partitioning, UnknownPartitioning}
import org.apache.spark.sql.catalyst.plans.QueryPlan
import org.apache.spark.sql.catalyst.util.truncatedString
import org.apache.spark.TaskContext
import org.apache.spark.ember.{EmberShuffleInternals, NativeMapOutput, NativeShuffleInput, ShuffleBlocks}
import org.apache.spark.sql.execution.{FileSourceScanExec, SparkPlan, SQLExecution}
import org.apache.spark.sql.execution.metric.{SQLMetric, SQLMetrics}
import org.apache.spark.sql.vectorized.{ArrowColumnVector, ColumnarBatch}

/**
 * A native region of the plan, run by the executor's ember-sidecar.
 *
 * @param output     the output of the top replaced Spark node.
 * @param nativePlan the proto operator tree (a template: no file splits).
 * @param nodeNames  the replaced operators, top-down, e.g. `Project, Filter, ParquetScan`.
 * @param scans      the replaced Spark scans, if the region reads Parquet; Ember reads the same
 *                   file partitions they would. Several scans are the branches of a Union:
 *                   the region's partitions are theirs in turn, and each task runs the
 *                   branch of its partition.
 * @param inputs     the Spark operators whose rows the region reads through its ArrowInput
 *                   leaves (an exchange's output); a region has scans or inputs. Several
 *                   inputs are the branches of a Union, read like several scans: the
 *                   region's partitions are theirs in turn (as Spark's UnionRDD has them);
 *                   or, with `zipInputs`, the sides of a join that each task reads together
 *                   (task i reads partition i of each, as Spark's shuffled joins do): input k
 *                   is the ArrowInput leaf of index k.
 * @param replacedPartitioning, replacedOrdering the top replaced node's output partitioning
 *                   and ordering, which the region keeps.
 * @param broadcasts the broadcasts (a `BroadcastExchangeExec`, or AQE's stage of one) whose
 *                   relations' rows every task streams to the region's ArrowInput leaves, the
 *                   build sides of its native hash joins: broadcast j is the leaf of index
 *                   (number of inputs) + j.
 * @param zipInputs  whether every task reads all `inputs` (partition i of each) rather than
 *                   one of them (a Union's branches).
 * @param nativeExpressions the signatures of the Spark expressions the region evaluates,
 *                   e.g. `Add(int,int)->int` (for tests and tools: see `EmberExplain`).
 * @param scalarSubqueries the Spark `ScalarSubquery` expressions whose placeholders are in
 *                   `nativePlan`. Being this node's expressions, Spark computes them before it
 *                   executes (`prepare`, `waitForSubqueries`; AQE plans and reuses them as for
 *                   any operator); their values replace the placeholders once, on the driver.
 */
case class EmberExec(
    override val output: Seq[Attribute],
    nativePlan: Operator,
    nodeNames: Seq[String],
    scans: Seq[FileSourceScanExec],
    inputs: Seq[SparkPlan] = Nil,
    nativeExpressions: Seq[String] = Nil,
    replacedPartitioning: Partitioning = UnknownPartitioning(0),
    replacedOrdering: Seq[SortOrder] = Nil,
    broadcasts: Seq[SparkPlan] = Nil,
    zipInputs: Boolean = false,
    scalarSubqueries: Seq[Expression] = Nil)
  extends SparkPlan {

  require(scans.nonEmpty != inputs.nonEmpty, "an Ember region reads scans or inputs")
  require(broadcasts.isEmpty || inputs.size <= 1 || zipInputs, "a Union's branches read no broadcast")

  // The broadcasts are children too, so that Spark prepares them and AQE makes them query stages.
  override def children: Seq[SparkPlan] = inputs ++ broadcasts

  override protected def withNewChildrenInternal(newChildren: IndexedSeq[SparkPlan]): SparkPlan =
    copy(inputs = newChildren.take(inputs.size), broadcasts = newChildren.drop(inputs.size))

  // The region's rows are partitioned and ordered as the top replaced node's were (a scan
  // region reports none, as before).
  override def outputPartitioning: Partitioning = replacedPartitioning

  override def outputOrdering: Seq[SortOrder] = replacedOrdering

  override def nodeName: String = "EmberExec"

  override def supportsColumnar: Boolean = true

  override def vectorTypes: Option[Seq[String]] =
    Some(Seq.fill(output.size)(classOf[ArrowColumnVector].getName))

  override lazy val metrics: Map[String, SQLMetric] = Map(
    "numOutputRows" -> SQLMetrics.createMetric(sparkContext, "number of output rows"),
    "numOutputBatches" -> SQLMetrics.createMetric(sparkContext, "number of output batches"),
    "nativeTime" -> SQLMetrics.createNanoTimingMetric(sparkContext, "native compute time"),
    "numFiles" -> SQLMetrics.createMetric(sparkContext, "number of files read"),
    "filesSize" -> SQLMetrics.createSizeMetric(sparkContext, "size of files read"),
    "peakMemory" -> SQLMetrics.createSizeMetric(sparkContext, "peak memory of operator state"),
    "spillSize" -> SQLMetrics.createSizeMetric(sparkContext, "spill size"),
    "spillFiles" -> SQLMetrics.createMetric(sparkContext, "number of spill files"),
    "spillTime" -> SQLMetrics.createNanoTimingMetric(sparkContext, "spill time")) ++
    EmberExec.operators(nativePlan).flatMap { case (id, name) =>
      Seq(s"op$id.rows" -> SQLMetrics.createMetric(sparkContext, s"$name output rows"),
        s"op$id.batches" -> SQLMetrics.createMetric(sparkContext, s"$name output batches"),
        s"op$id.time" -> SQLMetrics.createNanoTimingMetric(sparkContext, s"$name time")) ++
        (if (EmberExec.holdsState(name)) {
          Seq(s"op$id.peakMemory" -> SQLMetrics.createSizeMetric(sparkContext, s"$name peak memory"))
        } else Nil)
    }

  override protected def doExecute(): RDD[InternalRow] =
    throw new IllegalStateException(s"$nodeName produces columnar batches only")

  private def taskConf(rawIpc: Boolean): EmberTaskConf = EmberTaskConf(
    sessionTimeZone = conf.sessionLocalTimeZone,
    batchSize = EmberConf.BATCH_SIZE.get(conf),
    faultInjection = EmberConf.TESTING_FAULT_INJECTION.get(conf),
    partialSkip = if (EmberConf.PARTIAL_AGGREGATE_SKIP.get(conf)) {
      Some((EmberConf.PARTIAL_AGGREGATE_SKIP_MIN_ROWS.get(conf), EmberConf.PARTIAL_AGGREGATE_SKIP_GROUP_RATIO.get(conf)))
    } else None,
    rawIpc = rawIpc,
    broadcastCache = EmberConf.BROADCAST_CACHE.get(conf))

  private def emberMetrics: EmberMetrics =
    EmberMetrics(longMetric("numOutputRows"), longMetric("numOutputBatches"), longMetric("nativeTime"),
      Some(longMetric("peakMemory")), Some(longMetric("spillSize")), Some(longMetric("spillFiles")),
      Some(longMetric("spillTime")),
      EmberExec.operators(nativePlan).map { case (id, name) =>
        id -> OperatorSQLMetrics(longMetric(s"op$id.rows"), longMetric(s"op$id.batches"), longMetric(s"op$id.time"),
          if (EmberExec.holdsState(name)) Some(longMetric(s"op$id.peakMemory")) else None)
      }.toMap)

  override protected def doExecuteColumnar(): RDD[ColumnarBatch] = columnarRDD(rawIpc = false)

  /**
   * The region's tasks, each returning its Arrow IPC output undecoded as one [[EmberIpcBatch]]
   * (for a native broadcast exchange, which collects those bytes on the driver).
   */
  def executeIpc(): RDD[ColumnarBatch] = executeQuery(columnarRDD(rawIpc = true))

  private def columnarRDD(rawIpc: Boolean): RDD[ColumnarBatch] = {
    val (taskConf, metrics) = (this.taskConf(rawIpc), emberMetrics)
    tasks[ColumnarBatch](taskConf)((plan, context, feeders) => EmberTasks.execute(plan, context, taskConf, metrics, feeders))
  }

  /**
   * The region's tasks as the map tasks of a native exchange above it: each yields one
   * [[NativeMapOutput]] that runs the task's plan with `write` (completed with the data file
   * and, for round robin, the task's start position) and returns what the sidecar wrote.
   */
  def shuffleMapTasks(write: ShuffleWrite, dataSize: SQLMetric): RDD[Product2[Int, NativeMapOutput]] =
    // executeQuery: the exchange calls this instead of execute(), and the region's scalar
    // subqueries must have their values first.
    executeQuery(mapTasks(write, dataSize))

  private def mapTasks(write: ShuffleWrite, dataSize: SQLMetric): RDD[Product2[Int, NativeMapOutput]] = {
    val (taskConf, metrics) = (this.taskConf(rawIpc = false), emberMetrics)
    val writeTemplate = write.toByteArray
    tasks[Product2[Int, NativeMapOutput]](taskConf) { (plan, context, feeders) =>
      val output = new NativeMapOutput {
        override def run(dataPath: String): (Array[Long], Long, Long) = {
          val w = ShuffleWrite.parseFrom(writeTemplate).toBuilder.setDataPath(dataPath)
          if (w.hasRoundRobin) {
            val n = w.getRoundRobin.getNumPartitions
            w.setRoundRobin(w.getRoundRobin.toBuilder.setStart(EmberShuffleInternals.roundRobinStart(context.partitionId(), n)))
          }
          var result: Option[TaskResult] = None
          val out = EmberTasks.execute(plan.toBuilder.setShuffleWrite(w).build(), context, taskConf, metrics, feeders,
            r => result = Some(r))
          while (out.hasNext) out.next()
          val written = result.filter(_.hasShuffleWrite).map(_.getShuffleWrite).getOrElse(
            throw new IllegalStateException("Ember: the sidecar ended a shuffle map task without its partition lengths"))
          dataSize += written.getDataBytes
          (written.getPartitionLengthsList.asScala.map(_.longValue).toArray, written.getRows, written.getWriteNanos)
        }
      }
      Iterator(0 -> output)
    }
  }

  /**
   * The region's tasks, each running `run` with its plan and its inputs' feeders: one task
   * per file partition of the scans; per partition of the zipped inputs (each task reads
   * partition i of every exchange, and every broadcast); or per partition of a Union's
   * branches. An input that is a native exchange (or AQE's read of one) is read as its
   * blocks, given to a concatenated-streams ArrowInput leaf (the local ones as file segments
   * in its plan, the others forwarded); any other as rows converted
   * by an [[ArrowInputFeeder]].
   */
  private def tasks[T: ClassTag](taskConf: EmberTaskConf)(run: EmberTasks.Runner[T]): RDD[T] = {
    // Scalar subqueries' values are known now (Spark waited for them before executing).
    val template = (if (scalarSubqueries.isEmpty) nativePlan
      else ScalarSubqueryValues.resolve(nativePlan, scalarSubqueries)).toByteArray
    if (scans.nonEmpty) {
      val branches = scans.map(SparkShims.filePartitions)
      postDriverMetrics(branches.flatten.flatMap(_.files).map(_.length))
      new EmberRDD[T](sparkContext, branches, template, taskConf, broadcastBuilds(0), run)
    } else if (zipInputs || broadcasts.nonEmpty) {
      val sources = inputs.map(EmberExec.inputSource(_, taskConf))
      val builds = broadcastBuilds(inputs.size)
      val rdds = sources.map(_.rdd)
      val numPartitions = rdds.map(_.getNumPartitions).distinct
      require(numPartitions.size == 1, s"the inputs of a native join have different numbers of partitions: " +
        rdds.map(_.getNumPartitions).mkString(", "))
      val reads = sources.map(_.read)
      val withBlocks = TaskPlans.withConcatenatedInputs(Operator.parseFrom(template),
        sources.zipWithIndex.collect { case (s, k) if s.blocks => k }.toSet).toByteArray
      EmberExec.zipPartitions[T](rdds) { its =>
        val context = TaskContext.get()
        val taskInputs = its.zipWithIndex.map { case (it, k) => k -> reads(k)(it) }.toMap
        val withSegments = TaskPlans.withSegments(Operator.parseFrom(withBlocks), taskInputs.map { case (k, in) => k -> in.segments })
        val (region, all) = BroadcastBuild.prepareAll(withSegments, builds, taskConf, taskInputs.map { case (k, in) => k -> in.feeder })
        run(TaskPlans.build(region, Nil, context, taskConf), context, all)
      }
    } else {
      val sources = inputs.map(EmberExec.inputSource(_, taskConf))
      val rdds = sources.map(_.rdd)
      val reads = sources.map(_.read)
      val blocks = sources.map(_.blocks)
      // Partition i of the union is partition i - firsts(b) of branch b.
      val firsts = rdds.scanLeft(0)(_ + _.getNumPartitions).init
      val rows = if (rdds.size == 1) rdds.head else new UnionRDD(sparkContext, rdds)
      rows.mapPartitionsWithIndex({ (index, it) =>
        val context = TaskContext.get()
        val branch = firsts.lastIndexWhere(_ <= index)
        val branchPlan = if (rdds.size == 1) Operator.parseFrom(template) else TaskPlans.forBranch(Operator.parseFrom(template), branch)
        val input = reads(branch)(it)
        val region = if (blocks(branch)) {
          TaskPlans.withSegments(TaskPlans.withConcatenatedInputs(branchPlan, Set(0)), Map(0 -> input.segments))
        } else branchPlan
        run(TaskPlans.build(region, Nil, context, taskConf), context, Seq(input.feeder))
      }, preservesPartitioning = true)
    }
  }

  /** The broadcasts' relations, read by the ArrowInput leaves of index `first` on. */
  private def broadcastBuilds(first: Int): Seq[BroadcastBuild] =
    broadcasts.zipWithIndex.map { case (b, j) => BroadcastBuild(b.executeBroadcast[Any](), b.output, first + j) }

  private def postDriverMetrics(splitLengths: Seq[Long]): Unit = {
    longMetric("numFiles").set(splitLengths.size.toLong)
    longMetric("filesSize").set(splitLengths.sum)
    val executionId = sparkContext.getLocalProperty(SQLExecution.EXECUTION_ID_KEY)
    SQLMetrics.postDriverMetricUpdates(sparkContext, executionId,
      Seq(longMetric("numFiles"), longMetric("filesSize")))
  }

  /** e.g. `EmberExec [Project, Filter, ParquetScan] [a#1, b#2] ReadSchema: struct<a:int,b:string>, Location: ...`. */
  override def simpleString(maxFields: Int): String = {
    val head = s"$nodeName [${nodeNames.mkString(", ")}] ${truncatedString(output, "[", ", ", "]", maxFields)}"
    scans.headOption match {
      case Some(s) =>
        val roots = s.relation.location.rootPaths
        val location = roots.headOption.map(_.toString).getOrElse("") +
          (if (roots.size > 1) s", ... ${roots.size - 1} more" else "")
        val more = if (scans.size > 1) s" (and ${scans.size - 1} more scans)" else ""
        s"$head ReadSchema: ${s.requiredSchema.catalogString}, Location: [$location]$more"
      case None => head
    }
  }

  // The proto plan is not printed in plan strings; nodeNames and simpleString describe it.
  override protected def stringArgs: Iterator[Any] = Iterator(nodeNames.mkString("[", ", ", "]"))

  override def verboseStringWithOperatorId(): String =
    s"""
       |$formattedNodeName
       |Replaces: ${nodeNames.mkString(", ")}
       |${ExplainUtilsShim.fieldString("Output", output)}
       |${if (scans.isEmpty) "Input: rows of its child" else scans.map(s => s"ReadSchema: ${s.requiredSchema.catalogString}").mkString("\n")}
       |""".stripMargin

  /** Equal regions (same plan, same files) canonicalize equal: plan ids are dropped. */
  override protected def doCanonicalize(): SparkPlan = EmberExec(
    output.map(QueryPlan.normalizeExpressions(_, output)),
    EmberExec.withoutPlanIds(nativePlan),
    nodeNames,
    scans.map(_.canonicalized.asInstanceOf[FileSourceScanExec]),
    inputs.map(_.canonicalized),
    nativeExpressions,
    replacedPartitioning match {
      case e: Expression => QueryPlan.normalizeExpressions(e, output).asInstanceOf[Partitioning]
      case other => other
    },
    replacedOrdering.map(QueryPlan.normalizeExpressions(_, output)),
    broadcasts.map(_.canonicalized),
    zipInputs,
    scalarSubqueries.map(QueryPlan.normalizeExpressions(_, output)))
}

object EmberExec {

  /**
   * Partition i of the result reads partition i of every rdd (one to four: stacked shuffled
   * joins on one key read four exchanges, e.g. TPC-H q18 and q21), as Spark's shuffled joins
   * zip their children's partitions.
   */
  def zipPartitions[T: ClassTag](rdds: Seq[RDD[Any]])(f: Seq[Iterator[Any]] => Iterator[T]): RDD[T] =
    rdds match {
      case Seq(a) => a.mapPartitions(r => f(Seq(r)), preservesPartitioning = true)
      case Seq(a, b) => a.zipPartitions(b, preservesPartitioning = true)((x, y) => f(Seq(x, y)))
      case Seq(a, b, c) => a.zipPartitions(b, c, preservesPartitioning = true)((x, y, z) => f(Seq(x, y, z)))
      case Seq(a, b, c, d) => a.zipPartitions(b, c, d, preservesPartitioning = true)((w, x, y, z) => f(Seq(w, x, y, z)))
      case _ => throw new IllegalArgumentException(s"a native region reads at most 4 exchanges in one task, not ${rdds.size}")
    }

  /**
   * What a region's task reads from one input: the input's RDD, how a task reads one
   * partition of it, and whether it is a native exchange's blocks (else Spark rows).
   */
  final case class InputSource(rdd: RDD[Any], read: Iterator[Any] => TaskInput, blocks: Boolean)

  /**
   * One task's read of one input: the feeder of the bytes sent to its ArrowInput leaf and,
   * for a native exchange's blocks, the local blocks' file segments the leaf reads itself.
   */
  final case class TaskInput(feeder: BufferAllocator => InputFeeder, segments: Seq[FileSegment] = Nil)

  def inputSource(input: SparkPlan, taskConf: EmberTaskConf): InputSource = input match {
    case NativeShuffleInput(exchange, specs) =>
      InputSource(exchange.blocks(specs).asInstanceOf[RDD[Any]], { it =>
        val blocks = it.next().asInstanceOf[ShuffleBlocks]
        TaskInput(_ => new ShuffleBlockFeeder(blocks.streams), blocks.segments)
      }, blocks = true)
    case _ =>
      val output = input.output
      InputSource(input.execute().asInstanceOf[RDD[Any]],
        it => TaskInput(allocator => new ArrowInputFeeder(it.asInstanceOf[Iterator[InternalRow]], output,
          taskConf.sessionTimeZone, taskConf.batchSize, allocator)), blocks = false)
  }

  /**
   * The (Spark plan id, kind) of each operator of a region, top-down, without the
   * ArrowInput leaf (it replaces no Spark operator).
   */
  def operators(op: Operator): Seq[(Long, String)] = {
    // PARQUET_SCAN -> ParquetScan
    val kind = op.getKindCase.name.split('_').map(w => w.head + w.tail.toLowerCase(java.util.Locale.ROOT)).mkString
    val own = if (op.hasArrowInput) Nil else Seq(op.getPlanId -> kind)
    own ++ op.getChildrenList.asScala.flatMap(operators)
  }

  /** Whether operators of this kind (as [[operators]] names it) reserve state. */
  def holdsState(kind: String): Boolean =
    kind == "Sort" || kind == "TopN" || kind == "HashAggregate" || kind == "HashJoin"

  /** `op` with every plan id cleared. */
  def withoutPlanIds(op: Operator): Operator = {
    val b = op.toBuilder.clearPlanId().clearChildren()
    op.getChildrenList.asScala.foreach(c => b.addChildren(withoutPlanIds(c)))
    b.build()
  }
}

/** The "Output [n]: [...]" line of formatted explain. */
private object ExplainUtilsShim {
  def fieldString(name: String, fields: Seq[Attribute]): String =
    s"$name [${fields.size}]: ${fields.map(_.toString).mkString("[", ", ", "]")}"
}
