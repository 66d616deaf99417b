package dev.ember.spark.rules

import dev.ember.proto.plan.v1.{ArrowInput, Operator}
import dev.ember.spark.serde.DataTypeSerde

import org.apache.spark.sql.execution.SparkPlan
import org.apache.spark.sql.execution.adaptive.BroadcastQueryStageExec
import org.apache.spark.sql.execution.exchange.{BroadcastExchangeLike, ReusedExchangeExec}

/**
 * The build side of a native broadcast hash join: the broadcast (as planned, reused, or as
 * AQE's query stage) stays in Spark; each task of the join's region reads the broadcast
 * relation's rows (`EmberHashedRelations`), converts them to Arrow and streams them to the
 * region's `ArrowInput` leaf, which the join reads whole before its stream side.
 */
object BroadcastInput {

  /** Why a broadcast stays in Spark (shown by explainFallback). */
  val SparkBroadcastReason = "the broadcast runs in Spark (Ember's own broadcasts only a native build side, " +
    "see NativeBroadcast); the native join above reads its relation's rows as Arrow in every task"

  /** Whether `plan` is a broadcast whose relation a native join can read. */
  def isBroadcast(plan: SparkPlan): Boolean = plan match {
    case _: BroadcastExchangeLike | _: BroadcastQueryStageExec => true
    case r: ReusedExchangeExec => r.child.isInstanceOf[BroadcastExchangeLike]
    case _ => false
  }

  /** The ArrowInput leaf reading `plan`'s relation, or why it cannot. */
  def region(plan: SparkPlan): Either[String, NativeRegion] =
    if (!isBroadcast(plan)) {
      Left(s"its build side ${plan.nodeName} is not a broadcast")
    } else {
      DataTypeSerde.schemaToProto(plan.schema).map { s =>
        NativeRegion(
          Operator.newBuilder().setPlanId(plan.id.toLong).setArrowInput(ArrowInput.newBuilder().setSchema(s)).build(),
          scans = Nil, nodeNames = Nil, broadcasts = Seq(plan))
      }.left.map(reason => s"broadcast ${plan.nodeName} output: $reason")
    }
}
