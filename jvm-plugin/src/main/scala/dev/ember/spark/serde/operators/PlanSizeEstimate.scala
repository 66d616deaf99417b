package dev.ember.spark.serde.operators

import org.apache.spark.sql.catalyst.planning.ExtractEquiJoinKeys
import org.apache.spark.sql.catalyst.plans.{LeftAnti, LeftSemi}
import org.apache.spark.sql.catalyst.plans.logical.{Join, LeafNode, LogicalPlan, UnaryNode}
import org.apache.spark.sql.catalyst.plans.logical.statsEstimation.EstimationUtils

/**
 * A logical plan's size in bytes from Spark's statistics, except that an equi-join is taken
 * for a foreign-key join: as many rows as its larger side, each as wide as its output.
 * Without cost-based statistics Spark sizes every join as the product of its sides'
 * (`SizeInBytesOnlyStatsPlanVisitor.visitJoin`), so a chain of dimension joins reads as
 * terabytes and any size guard over it keeps the plan in Spark. This estimate only decides
 * between plans (a wrong guess costs time, never the answer: the native hash join spills),
 * and it is never above Spark's own.
 */
object PlanSizeEstimate {

  def sizeInBytes(plan: LogicalPlan): BigInt = estimate(plan).min(plan.stats.sizeInBytes)

  private def estimate(plan: LogicalPlan): BigInt = plan match {
    case j: Join if ExtractEquiJoinKeys.unapply(j).isDefined => j.joinType match {
      case LeftSemi | LeftAnti => sizeInBytes(j.left)
      case _ =>
        val rows = rowsOf(j.left).max(rowsOf(j.right))
        rows * EstimationUtils.getSizePerRow(j.output)
    }
    case _: LeafNode => plan.stats.sizeInBytes
    // Spark's own rule for the node (a projection's width, an aggregate's or a limit's rows),
    // applied to the child's estimate in place of the child's statistics.
    case u: UnaryNode =>
      val child = u.child.stats.sizeInBytes
      if (child <= 0) plan.stats.sizeInBytes else plan.stats.sizeInBytes * sizeInBytes(u.child) / child
    case other => other.children.map(sizeInBytes).sum.max(1)
  }

  private def rowsOf(plan: LogicalPlan): BigInt =
    sizeInBytes(plan) / EstimationUtils.getSizePerRow(plan.output).max(1)
}
