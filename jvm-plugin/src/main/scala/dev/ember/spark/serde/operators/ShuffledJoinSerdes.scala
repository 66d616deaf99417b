package dev.ember.spark.serde.operators

import dev.ember.proto.plan.v1.{JoinType => PJoinType, Operator}
import dev.ember.spark.EmberConf
import dev.ember.spark.serde.{OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.{SparkConf, SparkEnv}
import org.apache.spark.sql.catalyst.optimizer.BuildLeft
import org.apache.spark.sql.catalyst.plans._
import org.apache.spark.sql.catalyst.plans.logical.Join
import org.apache.spark.sql.execution.{CoalescedPartitionSpec, PartialMapperPartitionSpec, PartialReducerPartitionSpec,
  SortExec, SparkPlan, UnaryExecNode}
import org.apache.spark.sql.execution.adaptive.{AQEShuffleReadExec, ShuffleQueryStageExec}
import org.apache.spark.sql.execution.joins.{ShuffledHashJoinExec, SortMergeJoinExec}
import org.apache.spark.sql.internal.SQLConf

/**
 * `ShuffledHashJoinExec` → `HashJoin` on Spark's build side. Both children read their
 * exchanges in the region (an ArrowInput each); task i reads partition i of both, as
 * Spark's join zips its children's partitions (AQE's coalesced and skew-split reads give
 * both sides the same partition specs).
 */
object ShuffledHashJoinSerde extends OperatorSerde[ShuffledHashJoinExec] {
  override val name: String = "ShuffledHashJoin"

  override def notes: String = "inner, left/right/full outer, left semi, left anti, on Spark's build side, " +
    "with an extra condition, several keys of any atomic type; both sides read in one task (partition i of each " +
    "exchange). Existence joins stay in Spark"

  override def supportLevel(join: ShuffledHashJoinExec, conf: SQLConf): SupportLevel =
    HashJoins.joinType(join.joinType).left.toOption
      .orElse(HashJoins.keysUnsupported(join.leftKeys, join.rightKeys))
      .map(Unsupported(_)).getOrElse(Compatible)

  override def convert(join: ShuffledHashJoinExec, conf: SQLConf): Either[String, Operator.Builder] =
    HashJoins.joinType(join.joinType).flatMap(typ => HashJoins.convert(typ, join.leftKeys, join.rightKeys,
      join.condition, join.left, join.right, join.output, join.buildSide == BuildLeft, nullAwareAnti = false, conf))
}

/**
 * `SortMergeJoinExec` → `HashJoin` over the same partitions, without the sorts Spark put
 * below it (`spark.ember.sortMergeJoin.replaceWithHashJoin`). Only where nothing above
 * relies on the join's output order (the conversion rule checks that). Build side: the
 * right side of left outer, semi and anti joins, the left of right outer joins, else the
 * smaller side by plan statistics ([[PlanSizeEstimate]]; the right when they tie or are unknown).
 */
object SortMergeJoinSerde extends OperatorSerde[SortMergeJoinExec] {
  override val name: String = "SortMergeJoin"

  override def notes: String = "run as a hash join (no sorts) when " +
    s"`${EmberConf.SMJ_TO_HASH_JOIN.key}` is on, nothing above relies on the join's output order and the largest " +
    s"build partition is at most `${EmberConf.SMJ_MAX_BUILD_PARTITION_BYTES.key}` (a larger build side would spill both sides to disk, where Spark's sort-merge join is the better plan): inner, " +
    "left/right/full outer, left semi, left anti, with an extra condition, several keys of any atomic type; " +
    "both sides read in one task. Existence joins stay in Spark"

  /** Why the join stays a sort-merge join when its output order is relied on. */
  val OrderReliedReason = "something above relies on the sort-merge join's output being sorted by its keys, " +
    "which a hash join does not keep"

  override def supportLevel(join: SortMergeJoinExec, conf: SQLConf): SupportLevel =
    (if (!EmberConf.SMJ_TO_HASH_JOIN.get(conf)) Some(s"replacing sort-merge joins is off (${EmberConf.SMJ_TO_HASH_JOIN.key})")
    else None)
      .orElse(HashJoins.joinType(join.joinType).left.toOption)
      .orElse(HashJoins.keysUnsupported(join.leftKeys, join.rightKeys))
      .orElse(buildTooLarge(join, conf))
      .map(Unsupported(_)).getOrElse(Compatible)

  override def convert(join: SortMergeJoinExec, conf: SQLConf): Either[String, Operator.Builder] =
    HashJoins.joinType(join.joinType).flatMap(typ => HashJoins.convert(typ, join.leftKeys, join.rightKeys,
      join.condition, join.left, join.right, join.output, buildLeft(join), nullAwareAnti = false, conf))

  /** Whether the hash join builds the left side. */
  def buildLeft(join: SortMergeJoinExec): Boolean = join.joinType match {
    case LeftOuter | LeftSemi | LeftAnti => false
    case RightOuter => true
    case _ =>
      join.logicalLink.collect { case j: Join =>
        PlanSizeEstimate.sizeInBytes(j.left) < PlanSizeEstimate.sizeInBytes(j.right)
      }.getOrElse(false)
  }

  /** The join's children without the local sorts Spark put below it for the merge. */
  def unsortedChildren(join: SortMergeJoinExec): Seq[SparkPlan] =
    join.children.zip(join.requiredChildOrdering).map {
      case (sort: SortExec, required) if !sort.global && sort.sortOrder == required => sort.child
      case (other, _) => other
    }

  /**
   * Why the hash join is not the better plan, or None: a build side over the task's memory
   * spills both sides to disk (a grace hash join), where Spark's sort-merge join does less
   * work, so the largest build partition (by AQE's shuffle statistics of the exchange it reads, else
   * by plan statistics over the partition count, [[PlanSizeEstimate]]) must be at most
   * `spark.ember.sortMergeJoin.maxBuildPartitionBytes` (by default derived from the sidecar's
   * budget). An unknown size keeps the SMJ.
   */
  def buildTooLarge(join: SortMergeJoinExec, conf: SQLConf): Option[String] = {
    val limit = EmberConf.maxBuildPartitionBytes(conf, Option(SparkEnv.get).map(_.conf).getOrElse(new SparkConf(false)))
    val left = buildLeft(join)
    val side = unsortedChildren(join)(if (left) 0 else 1)
    val bytes = largestPartitionBytes(side).orElse(planEstimate(join, left, side))
    bytes match {
      case Some(b) if b <= limit => None
      case Some(b) => Some(s"the hash join's build side may hold $b bytes in one task, over " +
        s"${EmberConf.SMJ_MAX_BUILD_PARTITION_BYTES.key} ($limit): it would spill both sides")
      case None => Some("the size of the hash join's build side per task is unknown, and a large one would spill both sides " +
        s"(${EmberConf.SMJ_MAX_BUILD_PARTITION_BYTES.key})")
    }
  }

  /** The largest partition a task reads from the shuffle stage below `plan` (AQE's statistics). */
  private def largestPartitionBytes(plan: SparkPlan): Option[Long] = plan match {
    case read: AQEShuffleReadExec => read.child match {
      // A stage not run yet has no statistics (the conversion is also asked ahead of time,
      // by the broadcast prep rule).
      case stage: ShuffleQueryStageExec if stage.isMaterialized => stage.mapStats.map { stats =>
        val sizes = stats.bytesByPartitionId
        read.partitionSpecs.map {
          case s: CoalescedPartitionSpec => sizes.slice(s.startReducerIndex, s.endReducerIndex).sum
          case s: PartialReducerPartitionSpec => s.dataSize
          case s: PartialMapperPartitionSpec => sizes.slice(s.startReducerIndex, s.endReducerIndex).sum
          case _ => sizes.sum
        }.foldLeft(0L)(math.max)
      }
      case _ => None
    }
    case stage: ShuffleQueryStageExec if stage.isMaterialized =>
      stage.mapStats.map(_.bytesByPartitionId.foldLeft(0L)(math.max))
    case unary: UnaryExecNode => largestPartitionBytes(unary.child)
    case _ => None
  }

  /**
   * The build side's size by plan statistics ([[PlanSizeEstimate]]) over its partition count
   * (no AQE statistics).
   */
  private def planEstimate(join: SortMergeJoinExec, left: Boolean, side: SparkPlan): Option[Long] =
    join.logicalLink.collect { case j: Join =>
      val total = PlanSizeEstimate.sizeInBytes(if (left) j.left else j.right)
      val perPartition = total / BigInt(math.max(side.outputPartitioning.numPartitions, 1))
      if (perPartition.isValidLong) perPartition.toLong else Long.MaxValue
    }
}
