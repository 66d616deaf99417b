package dev.ember.spark.exec

import scala.collection.JavaConverters._
import scala.reflect.ClassTag
import scala.util.control.NonFatal

import dev.ember.proto.plan.v1.{Operator, TaskPlan}
import dev.ember.proto.sidecar.v1.TaskResult
import dev.ember.spark.EmberConf
import dev.ember.spark.sidecar.{SidecarManager, SidecarUnavailableException}
import org.apache.arrow.memory.BufferAllocator
import org.slf4j.LoggerFactory

import org.apache.spark.{Partition, SparkContext, SparkEnv, TaskContext}
import org.apache.spark.broadcast.Broadcast
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.catalyst.expressions.Attribute
import org.apache.spark.sql.execution.datasources.FilePartition
import org.apache.spark.sql.execution.joins.EmberHashedRelations
import org.apache.spark.sql.execution.metric.SQLMetric
import org.apache.spark.sql.vectorized.ColumnarBatch

/** One task of an [[EmberRDD]]: one file partition of the scan of one branch. */
final class EmberPartition(override val index: Int, val branch: Int, val filePartition: FilePartition) extends Partition

/** One replaced operator's SQL metrics; peak memory for the operators that hold state. */
final case class OperatorSQLMetrics(rows: SQLMetric, batches: SQLMetric, time: SQLMetric, peakMemory: Option[SQLMetric])

/**
 * The SQL metrics an Ember task updates: the region's totals, and per replaced operator
 * (keyed by its Spark plan id) its output rows and batches, compute time and peak memory.
 */
final case class EmberMetrics(
    numOutputRows: SQLMetric,
    numOutputBatches: SQLMetric,
    nativeTime: SQLMetric,
    peakMemory: Option[SQLMetric] = None,
    spillSize: Option[SQLMetric] = None,
    spillFiles: Option[SQLMetric] = None,
    spillTime: Option[SQLMetric] = None,
    operators: Map[Long, OperatorSQLMetrics] = Map.empty) {

  /** Adds one task's final operator metrics. */
  def add(result: TaskResult): Unit = {
    val ops = result.getMetricsList.asScala
    nativeTime += ops.map(_.getComputeNanos).sum
    // Operators of one task run at once: their peaks add up.
    peakMemory.foreach(_ += ops.map(_.getPeakMemoryBytes).sum)
    spillSize.foreach(_ += ops.map(_.getSpillBytes).sum)
    spillFiles.foreach(_ += ops.map(_.getSpillFiles).sum)
    spillTime.foreach(_ += ops.map(_.getSpillNanos).sum)
    ops.foreach { m =>
      operators.get(m.getPlanId).foreach { op =>
        op.rows += m.getOutputRows
        op.batches += m.getOutputBatches
        op.time += m.getComputeNanos
        // Per task; Spark's UI shows the total and the min/median/max over tasks.
        op.peakMemory.foreach(_ += m.getPeakMemoryBytes)
      }
    }
  }
}

/**
 * The build side of a region's broadcast hash join: Spark's broadcast relation, the
 * attributes of its rows (the broadcast's output) and the index of the ArrowInput leaf
 * that reads them.
 */
final case class BroadcastBuild(relation: Broadcast[Any], output: Seq[Attribute], index: Int) {

  /**
   * `template` told that this build side's relation kept no rows because it had a NULL key
   * (a null-aware anti join), when it did, and the feeder of the relation's rows.
   */
  def prepare(template: Operator, taskConf: EmberTaskConf): (Operator, BufferAllocator => InputFeeder) = {
    // The broadcast relation, shared by the executor's tasks; each task reads its rows, unless
    // the sidecar keeps the join's build side of an earlier task (then it never asks for them).
    val value = relation.value
    val named =
      if (!taskConf.broadcastCache) template
      else BroadcastReleases.use(relation.id).map(app => TaskPlans.withBroadcast(template, index, app, relation.id))
        .getOrElse(template)
    prepareRows(named, value, taskConf)
  }

  private def prepareRows(template: Operator, value: Any, taskConf: EmberTaskConf): (Operator, BufferAllocator => InputFeeder) =
    value match {
      // A native broadcast's Arrow bytes go to the sidecar as they are.
      case ipc: EmberArrowRelation => (template, _ => new BroadcastIpcFeeder(ipc, output, taskConf.sessionTimeZone))
      case r =>
        val plan = if (EmberHashedRelations.hasNullKeyOnly(r)) TaskPlans.withBuildNullKey(template, index) else template
        (plan, allocator => new ArrowInputFeeder(EmberHashedRelations.rows(r), output, taskConf.sessionTimeZone,
          taskConf.batchSize, allocator))
    }
}

object BroadcastBuild {

  /**
   * `template` prepared for every build side, and the feeders of the task's inputs by index:
   * `others` (index -> feeder) and the build sides'.
   */
  def prepareAll(
      template: Operator,
      builds: Seq[BroadcastBuild],
      taskConf: EmberTaskConf,
      others: Map[Int, BufferAllocator => InputFeeder]): (Operator, Seq[BufferAllocator => InputFeeder]) = {
    var plan = template
    var feeders = others
    builds.foreach { b =>
      val (p, f) = b.prepare(plan, taskConf)
      plan = p
      feeders += b.index -> f
    }
    require(feeders.keySet == (0 until feeders.size).toSet,
      s"the task's inputs are not numbered 0..n-1: ${feeders.keys.toSeq.sorted}")
    (plan, (0 until feeders.size).map(feeders))
  }
}

/**
 * Runs a native region: one task per file partition of the region's scans (the branches
 * of a Union, in order), each one
 * `Execute` call to the executor's sidecar.
 *
 * @param template the serialized proto `Operator` tree, without file splits.
 */
final class EmberRDD[T: ClassTag](
    sc: SparkContext,
    branches: Seq[Seq[FilePartition]],
    template: Array[Byte],
    taskConf: EmberTaskConf,
    builds: Seq[BroadcastBuild],
    run: EmberTasks.Runner[T])
  extends RDD[T](sc, Nil) {

  override protected def getPartitions: Array[Partition] =
    branches.zipWithIndex.flatMap { case (parts, b) => parts.map(p => (b, p)) }.zipWithIndex.map {
      case ((b, p), i) => new EmberPartition(i, b, p): Partition
    }.toArray

  override protected def getPreferredLocations(split: Partition): Seq[String] =
    split.asInstanceOf[EmberPartition].filePartition.preferredLocations().toSeq

  override def compute(split: Partition, context: TaskContext): Iterator[T] = {
    val partition = split.asInstanceOf[EmberPartition]
    val branch = TaskPlans.forBranch(Operator.parseFrom(template), partition.branch)
    val (region, feeders) = BroadcastBuild.prepareAll(branch, builds, taskConf, Map.empty)
    val plan = TaskPlans.build(region, TaskPlans.fileSplits(partition.filePartition), context, taskConf)
    run(plan, context, feeders)
  }
}

/** Runs one task's plan on the executor's sidecar. */
object EmberTasks {

  /**
   * What a region's task does with its plan and its inputs' feeders: run it for batches
   * ([[execute]]), or hand it to a native exchange's write processor.
   */
  type Runner[T] = (TaskPlan, TaskContext, Seq[BufferAllocator => InputFeeder]) => Iterator[T]

  /**
   * The task's output batches. `feeders`, one for each ArrowInput leaf of the plan (by its
   * index), make the input streams from the task's Arrow allocator.
   */
  def execute(
      taskPlan: TaskPlan,
      context: TaskContext,
      taskConf: EmberTaskConf,
      metrics: EmberMetrics,
      feeders: Seq[BufferAllocator => InputFeeder],
      onResult: TaskResult => Unit = _ => ()): Iterator[ColumnarBatch] = {
    val sparkConf = SparkEnv.get.conf
    val plan = EmberTaskMemory.acquire(FaultInjection.plan(taskPlan, taskConf.faultInjection), context, sparkConf)
    val timeoutMs = EmberConf.SIDECAR_STARTUP_TIMEOUT.get(sparkConf)
    val supervisor =
      try SidecarManager.getOrStart(sparkConf)
      catch { case e: SidecarUnavailableException => throw SidecarResultStream.unavailableError(e) }
    val injected = FaultInjection.handle(supervisor, timeoutMs, taskConf.faultInjection)
    injected.foreach(h => context.addTaskCompletionListener[Unit](_ => h.connection.close()))
    val allocator = EmberArrow.newTaskAllocator(plan.getTaskId)
    val input = feeders.map(_(allocator))
    val stream = new SidecarResultStream(supervisor, plan, context, timeoutMs, feeders = input, initialHandle = injected)
    val onBatch = (b: ColumnarBatch) => {
      metrics.numOutputRows += b.numRows()
      metrics.numOutputBatches += 1
    }
    val onTaskResult = (r: TaskResult) => {
      metrics.add(r)
      onResult(r)
    }
    val batches: Iterator[ColumnarBatch] with AutoCloseable =
      if (taskConf.rawIpc) new RawIpcBatches(stream, onBatch, onTaskResult)
      else new NativeBatchIterator(stream, allocator, onBatch, onResult = onTaskResult)
    context.addTaskCompletionListener[Unit] { _ =>
      try batches.close()
      finally {
        try {
          input.foreach(_.close())
          allocator.close()
        } catch {
          case NonFatal(e) => EmberRDD.log.warn(s"Task ${plan.getTaskId}: Arrow memory not released: ${e.getMessage}")
        }
      }
    }
    batches
  }
}

object EmberRDD {
  private[exec] val log = LoggerFactory.getLogger(classOf[EmberRDD[_]])
}
