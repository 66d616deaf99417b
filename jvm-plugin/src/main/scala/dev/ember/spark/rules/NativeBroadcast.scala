package dev.ember.spark.rules

import java.util.IdentityHashMap

import dev.ember.spark.{EmberConf, EmberTags}
import dev.ember.spark.exec.EmberExec

import org.apache.spark.ember.NativeShuffleInput
import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.expressions.DynamicPruningExpression
import org.apache.spark.sql.catalyst.optimizer.BuildLeft
import org.apache.spark.sql.catalyst.rules.Rule
import org.apache.spark.sql.execution.{ColumnarToRowExec, SparkPlan}
import org.apache.spark.sql.execution.adaptive.BroadcastQueryStageExec
import org.apache.spark.sql.execution.exchange.{BroadcastExchangeExec, EmberBroadcastExchangeExec, EmberBroadcastToSparkExec, ReusedExchangeExec}
import org.apache.spark.sql.execution.joins.{BroadcastHashJoinExec, BroadcastNestedLoopJoinExec, HashedRelationBroadcastMode}
import org.apache.spark.sql.catalyst.plans.physical.IdentityBroadcastMode
import org.apache.spark.sql.internal.SQLConf

/**
 * When Spark's broadcast exchange becomes Ember's (`EmberBroadcastExchangeExec`): a
 * `BroadcastExchangeExec` in `HashedRelationBroadcastMode` (or `IdentityBroadcastMode`, a
 * nested loop join's) whose child runs natively and whose consumer is a native broadcast
 * hash (or nested loop) join. Its relation is Arrow that only a native
 * join reads, so the decision is tied to the join:
 *  - without AQE the conversion rule sees the join and its exchange together and converts
 *    the exchange when it converts the join ([[EmberConversion]]);
 *  - with AQE each broadcast becomes a query stage (and is converted by the columnar rule,
 *    alone) before its join's stage is planned, so [[EmberBroadcastPrepRule]], a query-stage
 *    preparation rule that sees the whole plan, replaces the exchanges whose joins the
 *    conversion rule would run natively; should a join stay in Spark after all, the rule puts
 *    `EmberBroadcastToSparkExec` (Spark's relation, built from the Arrow bytes) below it
 *    ([[SparkConsumers]]), so a Spark operator never reads an Ember relation.
 * The Ember exchange canonicalizes apart from Spark's, so neither AQE's stage cache nor
 * Spark's exchange reuse ever hands one for the other.
 *
 * The null-aware anti join's exchange (`NOT IN`) is eligible too: Ember's relation keeps every
 * build row, so the native join sees a NULL build key itself (where Spark's relation would be
 * its `HashedRelationWithAllNullKeys` marker). AQE then cannot see that marker to drop the join
 * (`AQEPropagateEmptyRelation`); the native join returns no rows instead.
 *
 * Kept in Spark, with a reason: every broadcast of a plan that prunes partitions dynamically
 * (DPP reuses the join's broadcast as Spark's relation to read the pruning keys; an Ember one
 * would cost the pruning).
 */
object NativeBroadcast {

  /** Whether `b` may become Ember's exchange, or why not. */
  def eligible(b: BroadcastExchangeExec, conf: SQLConf): Either[String, Unit] = b.mode match {
    case _ if !EmberConf.BROADCAST_EXCHANGE.get(conf) =>
      Left(s"the native broadcast exchange is disabled (${EmberConf.BROADCAST_EXCHANGE.key}=false)")
    case _: HashedRelationBroadcastMode | IdentityBroadcastMode => Right(())
    case other => Left(s"a broadcast in ${other.getClass.getSimpleName} is not for a join")
  }

  /**
   * Why a broadcast the conversion rule finds already planned (AQE's stage of Spark's
   * exchange, or a reuse of one) is Spark's.
   */
  def whySpark(plan: SparkPlan, conf: SQLConf): String = {
    def exchange(p: SparkPlan): Option[BroadcastExchangeExec] = p match {
      case b: BroadcastExchangeExec => Some(b)
      case s: BroadcastQueryStageExec => exchange(s.plan)
      case r: ReusedExchangeExec => exchange(r.child)
      case _ => None
    }
    exchange(plan).flatMap(b => eligible(b, conf).left.toOption).getOrElse(
      "AQE made Spark's exchange a query stage before its join was converted (EmberBroadcastPrepRule " +
        "expected the join or the exchange's child to stay in Spark)")
  }

  /** The broadcast side of a broadcast join, if `plan` is one. */
  def buildSideOf(plan: SparkPlan): Option[SparkPlan] = plan match {
    case j: BroadcastHashJoinExec => Some(if (j.buildSide == BuildLeft) j.left else j.right)
    case j: BroadcastNestedLoopJoinExec => Some(if (j.buildSide == BuildLeft) j.left else j.right)
    case _ => None
  }

  /** Whether `plan` prunes partitions dynamically (DPP reuses a join's broadcast). */
  def prunesDynamically(plan: SparkPlan): Boolean =
    plan.exists(_.expressions.exists(_.exists(_.isInstanceOf[DynamicPruningExpression])))

  val SparkConsumerReason = "a Spark operator reads this Ember broadcast: Spark's relation is built from its " +
    "Arrow bytes on the driver and broadcast again"

  val DynamicPruningReason = "the plan prunes partitions dynamically, which reads the join's broadcast as " +
    "Spark's relation"

  /** Whether `plan` is an Ember broadcast (as planned, in AQE's stage, or reused). */
  def isEmber(plan: SparkPlan): Boolean = plan match {
    case _: EmberBroadcastExchangeExec => true
    case s: BroadcastQueryStageExec => isEmber(s.plan)
    case r: ReusedExchangeExec => isEmber(r.child)
    case _ => false
  }

  /**
   * Puts `EmberBroadcastToSparkExec` between every Spark operator and an Ember broadcast it
   * reads (with the `ColumnarToRow` Spark put between them removed: Spark's relation is read
   * through `executeBroadcast`, which that transition passes on unchanged). Runs after Spark's
   * transitions so none is put back below the new node.
   */
  object SparkConsumers extends Rule[SparkPlan] {
    private def transparent(p: SparkPlan): Boolean = p match {
      case _: EmberExec | _: EmberBroadcastExchangeExec | _: EmberBroadcastToSparkExec => true
      case _: ColumnarToRowExec | _: ReusedExchangeExec | _: BroadcastQueryStageExec => true
      case _ => false
    }

    private def strip(p: SparkPlan): SparkPlan = p match {
      case c: ColumnarToRowExec => c.child
      case other => other
    }

    override def apply(plan: SparkPlan): SparkPlan = plan.transformUp {
      case p if !transparent(p) && p.children.exists(c => isEmber(strip(c))) =>
        p.withNewChildren(p.children.map { c =>
          if (isEmber(strip(c))) {
            val spark = EmberBroadcastToSparkExec(strip(c))
            spark.setTagValue(EmberTags.FallbackReasons, Seq(SparkConsumerReason))
            spark
          } else c
        })
    }
  }

  /**
   * The Ember exchange for `b` once its child is converted (`child`), when the child is a
   * native region; else None (Spark's exchange stays).
   */
  def exchange(b: BroadcastExchangeExec, child: SparkPlan): Option[EmberBroadcastExchangeExec] = child match {
    case e: EmberExec => Some(EmberBroadcastExchangeExec(b.mode, e))
    case _ => None
  }
}

/**
 * Under AQE, replaces each `BroadcastExchangeExec` whose join the conversion rule will run
 * natively, and whose child it will run natively or is a native shuffle's stage (AQE's
 * dynamic join selection broadcasting a stage that already ran), by
 * `EmberBroadcastExchangeExec` (child still Spark's plan: the columnar rule converts it when
 * AQE makes the exchange a stage).
 * See [[NativeBroadcast]].
 */
case class EmberBroadcastPrepRule(session: SparkSession) extends Rule[SparkPlan] {

  override def apply(plan: SparkPlan): SparkPlan = {
    val conf = session.sessionState.conf
    if (!EmberConf.ENABLED.get(conf)) {
      plan
    } else if (!EmberConf.BROADCAST_EXCHANGE.get(conf) || NativeBroadcast.prunesDynamically(plan)) {
      // Said on each exchange: under AQE the columnar rule sees it alone, as a stage's root.
      val reason =
        if (!EmberConf.BROADCAST_EXCHANGE.get(conf)) s"the native broadcast exchange is disabled (${EmberConf.BROADCAST_EXCHANGE.key}=false)"
        else NativeBroadcast.DynamicPruningReason
      plan.foreach {
        case b: BroadcastExchangeExec => b.setTagValue(EmberTags.FallbackReasons, Seq(reason))
        case _ =>
      }
      plan
    } else {
      val conversion = EmberConversionRule(session).conversion(plan)
      val native = new IdentityHashMap[SparkPlan, java.lang.Boolean]()
      val builds = new IdentityHashMap[SparkPlan, java.lang.Boolean]()
      plan.foreach { join =>
        NativeBroadcast.buildSideOf(join).foreach {
          case b: BroadcastExchangeExec =>
            builds.put(b, true)
            val why = for {
              _ <- NativeBroadcast.eligible(b, conf)
              _ <- conversion.regionOf(join).left.map(r => s"its join stays in Spark ($r)")
              _ <- if (conversion.runsNatively(b.child) || NativeShuffleInput.exchange(b.child).isDefined) Right(())
                   else Left(s"its child ${b.child.nodeName} runs in Spark")
            } yield ()
            why.fold(r => b.setTagValue(EmberTags.FallbackReasons, Seq(r)), _ => native.put(b, true))
          case _ =>
        }
      }
      plan.foreach {
        case b: BroadcastExchangeExec if !builds.containsKey(b) =>
          b.setTagValue(EmberTags.FallbackReasons,
            Seq(NativeBroadcast.eligible(b, conf).left.getOrElse("it is not the build side of a broadcast join")))
        case _ =>
      }
      if (native.isEmpty) plan
      else plan.transformDown {
        case b: BroadcastExchangeExec if native.containsKey(b) => EmberBroadcastExchangeExec(b.mode, b.child)
      }
    }
  }
}
