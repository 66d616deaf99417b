package dev.ember.spark.exec

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{BroadcastRef, FileSegment, FileSplit, Operator, PartialAggregateSkip, TaskPlan}
import dev.ember.spark.shims.SparkShims

import org.apache.spark.TaskContext
import org.apache.spark.ember.EmberSparkInternals
import org.apache.spark.sql.execution.datasources.FilePartition

/**
 * Per-task settings fixed on the driver.
 *
 * @param sessionTimeZone `spark.sql.session.timeZone`.
 * @param batchSize       `spark.ember.batchSize`.
 * @param faultInjection  `spark.ember.testing.faultInjection` (tests only).
 * @param partialSkip     `spark.ember.aggregate.partialSkip.*`: (min rows, group ratio), or
 *                        None when disabled.
 * @param rawIpc          the task returns its Arrow IPC output undecoded, as one
 *                        [[EmberIpcBatch]] (a native broadcast's child, `EmberExec.executeIpc`).
 */
final case class EmberTaskConf(
    sessionTimeZone: String,
    batchSize: Int,
    faultInjection: Option[String] = None,
    partialSkip: Option[(Long, Double)] = None,
    rawIpc: Boolean = false,
    broadcastCache: Boolean = false)

/** Builds a task's plan from the serialized template and its partition. */
object TaskPlans {

  /** The splits of one file partition, paths exactly as Spark gives them. */
  def fileSplits(partition: FilePartition): Seq[FileSplit] =
    partition.files.toSeq.map { f =>
      FileSplit.newBuilder()
        .setPath(SparkShims.filePath(f))
        .setStart(f.start)
        .setLength(f.length)
        .setFileSize(f.fileSize)
        .build()
    }

  /** `template` with the splits set on its (one) Parquet scan. */
  def withSplits(template: Operator, splits: Seq[FileSplit]): Operator =
    mapLeaves(template) {
      case scan if scan.hasParquetScan =>
        val b = scan.toBuilder
        b.getParquetScanBuilder.clearFiles().addAllFiles(splits.asJava)
        b.build()
      case leaf => leaf
    }

  /** `template` with `f` applied to each leaf. */
  private def mapLeaves(template: Operator)(f: Operator => Operator): Operator =
    if (template.getChildrenCount == 0) {
      f(template)
    } else {
      val b = template.toBuilder.clearChildren()
      template.getChildrenList.asScala.foreach(c => b.addChildren(mapLeaves(c)(f)))
      b.build()
    }

  /** The number of leaves (Parquet scans or Arrow inputs) in `op`, a hash join's stream side's only. */
  def leafCount(op: Operator): Int =
    if (op.hasParquetScan || op.hasArrowInput) 1
    else if (op.hasHashJoin) leafCount(op.getChildren(streamChild(op)))
    else op.getChildrenList.asScala.map(leafCount).sum

  /** The index of a hash join's stream side among its children (left 0, right 1). */
  private def streamChild(join: Operator): Int = if (join.getHashJoin.getBuildLeft) 1 else 0

  /**
   * `template` with the hash join whose build side is the ArrowInput leaf of `index` told
   * that its build side had a NULL key: Spark's null-aware anti join relation
   * (`HashedRelationWithAllNullKeys`) then keeps no rows.
   */
  def withBuildNullKey(template: Operator, index: Int): Operator = {
    val b = template.toBuilder
    if (template.hasHashJoin) {
      val build = template.getChildren(1 - streamChild(template))
      if (build.hasArrowInput && build.getArrowInput.getIndex == index) b.getHashJoinBuilder.setBuildHasNullKey(true)
    }
    b.clearChildren()
    template.getChildrenList.asScala.foreach(c => b.addChildren(withBuildNullKey(c, index)))
    b.build()
  }

  /**
   * `template` with the ArrowInput leaf of input `index` naming the broadcast it reads, so the
   * sidecar may share the join's build side among the tasks that read it (and pulls that input).
   */
  def withBroadcast(template: Operator, index: Int, applicationId: String, id: Long): Operator =
    mapLeaves(template) {
      case input if input.hasArrowInput && input.getArrowInput.getIndex == index =>
        val b = input.toBuilder
        b.getArrowInputBuilder.setBroadcast(BroadcastRef.newBuilder().setApplicationId(applicationId).setId(id))
        b.build()
      case leaf => leaf
    }

  /** Whether an ArrowInput leaf of `op` names a broadcast: the sidecar then pulls every input. */
  def hasBroadcastInput(op: Operator): Boolean =
    (op.hasArrowInput && op.getArrowInput.hasBroadcast) || op.getChildrenList.asScala.exists(hasBroadcastInput)

  /** `template` with each ArrowInput leaf's index set from its plan id (the id of the Spark plan it reads). */
  def withInputIndexes(template: Operator, indexes: Map[Long, Int]): Operator =
    mapLeaves(template) {
      case input if input.hasArrowInput =>
        val b = input.toBuilder
        b.getArrowInputBuilder.setIndex(indexes(input.getPlanId))
        b.build()
      case leaf => leaf
    }

  /**
   * `template` with the ArrowInput leaves of the given indexes reading concatenated streams:
   * they read a native exchange's blocks (`ArrowInput.concatenated_streams`).
   */
  def withConcatenatedInputs(template: Operator, indexes: Set[Int]): Operator =
    if (indexes.isEmpty) template
    else mapLeaves(template) {
      case input if input.hasArrowInput && indexes(input.getArrowInput.getIndex) =>
        val b = input.toBuilder
        b.getArrowInputBuilder.setConcatenatedStreams(true)
        b.build()
      case leaf => leaf
    }

  /**
   * `template` with the local file segments of each ArrowInput leaf that reads a native
   * exchange's blocks (`segments`, by input index; `ArrowInput.segments`).
   */
  def withSegments(template: Operator, segments: Map[Int, Seq[FileSegment]]): Operator =
    if (segments.values.forall(_.isEmpty)) template
    else mapLeaves(template) {
      case input if input.hasArrowInput && segments.get(input.getArrowInput.getIndex).exists(_.nonEmpty) =>
        val b = input.toBuilder
        b.getArrowInputBuilder.clearSegments().addAllSegments(segments(input.getArrowInput.getIndex).asJava)
        b.build()
      case leaf => leaf
    }

  /**
   * `template` with each Union keeping only the child that holds leaf number `branch`
   * (Parquet scans or Arrow inputs, counted depth-first): the plan of a task of that branch.
   */
  def forBranch(template: Operator, branch: Int): Operator = {
    val children = template.getChildrenList.asScala
    if (children.isEmpty) {
      template
    } else if (children.size == 1) {
      template.toBuilder.clearChildren().addChildren(forBranch(children.head, branch)).build()
    } else if (template.hasHashJoin) {
      // Every task reads the whole build side (the broadcast); the branch is the stream side's.
      val stream = streamChild(template)
      val b = template.toBuilder.clearChildren()
      children.zipWithIndex.foreach { case (c, i) => b.addChildren(if (i == stream) forBranch(c, branch) else c) }
      b.build()
    } else {
      require(template.hasUnion, s"only a Union has several children in a region, not ${template.getKindCase}")
      var rest = branch
      val holder = children.find { c =>
        val n = leafCount(c)
        if (rest < n) true else { rest -= n; false }
      }.getOrElse(throw new IllegalArgumentException(s"the region has no leaf number $branch"))
      template.toBuilder.clearChildren().addChildren(forBranch(holder, rest)).build()
    }
  }

  /** `<stageId>-<partitionId>-<taskAttemptId>`: names one Spark task. */
  def taskId(context: TaskContext): String =
    s"${context.stageId()}-${context.partitionId()}-${context.taskAttemptId()}"

  private val regionRuns = new java.util.concurrent.atomic.AtomicLong()

  /**
   * `<taskId>-<root plan id>-<n>`: unique among the runs of one sidecar, also when one Spark
   * task runs several regions at once (a sort-merge join over two native sorts).
   */
  def runId(context: TaskContext, template: Operator): String =
    s"${taskId(context)}-${template.getPlanId}-${regionRuns.incrementAndGet()}"

  /** The plan the task sends to the sidecar; `splits` go to its Parquet scan, if it has one. */
  def build(template: Operator, splits: Seq[FileSplit], context: TaskContext, conf: EmberTaskConf): TaskPlan = {
    val plan = TaskPlan.newBuilder()
      .setRoot(if (splits.isEmpty) template else withSplits(template, splits))
      .setTaskId(runId(context, template))
      .setPartitionId(context.partitionId())
      .setTaskAttemptId(context.taskAttemptId())
      .setSessionTimeZone(conf.sessionTimeZone)
      .setTzdbVersion(dev.ember.spark.sidecar.ZoneRulesTZif.ruleSet.version)
      .setBatchSize(conf.batchSize)
      .addAllSpillDirs(EmberSparkInternals.blockManagerLocalDirs.asJava)
    conf.partialSkip.foreach { case (minRows, ratio) =>
      plan.setPartialAggregateSkip(
        PartialAggregateSkip.newBuilder().setMinRows(minRows).setMaxGroupRatio(ratio))
    }
    plan.build()
  }
}
