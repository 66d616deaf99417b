package dev.ember.spark.serde.operators

import dev.ember.proto.plan.v1.Operator
import dev.ember.spark.serde.{OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.optimizer.BuildLeft
import org.apache.spark.sql.execution.joins.BroadcastNestedLoopJoinExec
import org.apache.spark.sql.internal.SQLConf

/**
 * `BroadcastNestedLoopJoinExec` (a join without equal keys: a non-equi condition, a cross
 * join) → `HashJoin` with no keys, which pairs every stream row with every build row and
 * keeps the pairs the condition holds for (a NULL condition is no match), as Spark's
 * nested loop does. The build side is the region's `ArrowInput` over the broadcast
 * (`IdentityBroadcastMode`: the build side's rows), as for a broadcast hash join.
 */
object BroadcastNestedLoopJoinSerde extends OperatorSerde[BroadcastNestedLoopJoinExec] {
  override val name: String = "BroadcastNestedLoopJoin"

  override def notes: String = "inner and cross (either build side), left outer, left semi and left anti (build " +
    "right), right outer (build left), with any condition the native expressions cover; the build side is read " +
    "from Spark's broadcast in every task, or forwarded from Ember's broadcast of a native build side. Joins that " +
    "would emit the broadcast side's own rows (full outer, build-side outer) and existence joins stay in Spark"

  override def supportLevel(join: BroadcastNestedLoopJoinExec, conf: SQLConf): SupportLevel =
    HashJoins.broadcastJoinType(join.joinType, join.buildSide).left.toOption
      .map(Unsupported(_)).getOrElse(Compatible)

  override def convert(join: BroadcastNestedLoopJoinExec, conf: SQLConf): Either[String, Operator.Builder] =
    HashJoins.broadcastJoinType(join.joinType, join.buildSide).flatMap(typ => HashJoins.convert(typ, Nil, Nil,
      join.condition, join.left, join.right, join.output, join.buildSide == BuildLeft, nullAwareAnti = false, conf))
}
