package dev.ember.spark.rules

import dev.ember.proto.plan.v1.{ArrowInput, Operator}
import dev.ember.spark.EmberConf

import dev.ember.spark.serde.DataTypeSerde

import org.apache.spark.ember.NativeShuffleInput
import org.apache.spark.sql.catalyst.rules.Rule
import org.apache.spark.sql.execution.{RowToColumnarExec, SortExec, SparkPlan}
import org.apache.spark.sql.execution.adaptive.{AQEShuffleReadExec, ShuffleQueryStageExec}
import org.apache.spark.sql.execution.exchange.{ReusedExchangeExec, ShuffleExchangeLike}
import org.apache.spark.sql.internal.SQLConf

/**
 * Where a native region may start above a Spark operator instead of a scan: a shuffle
 * exchange (as planned, or as AQE's query stage and its reader). The region's task reads
 * the exchange's rows as Spark would, converts them to Arrow on the task thread and streams
 * them to the sidecar's `ArrowInput` leaf (`exec/ArrowInputFeeder`).
 *
 * Switch: `spark.ember.operator.ArrowInput.enabled`.
 */
object InputBoundary {

  val Name = "ArrowInput"

  /** Why an exchange stays in Spark (shown by explainFallback). */
  val SparkShuffleReason = "the shuffle runs in Spark; a native region above it reads its rows as Arrow"

  /** Whether `plan` is an exchange whose rows a region can read. */
  def isInput(plan: SparkPlan): Boolean = plan match {
    case _: ShuffleExchangeLike | _: ShuffleQueryStageExec | _: AQEShuffleReadExec => true
    case r: ReusedExchangeExec => r.child.isInstanceOf[ShuffleExchangeLike]
    case _ => false
  }

  /** The ArrowInput leaf reading `plan`'s rows, or why it cannot. */
  def region(plan: SparkPlan, conf: SQLConf): Either[String, NativeRegion] =
    if (!EmberConf.operatorEnabled(Name, conf)) {
      Left(s"reading an exchange natively is disabled (${EmberConf.OPERATOR_PREFIX}$Name.enabled=false)")
    } else if (plan.supportsColumnar && NativeShuffleInput.exchange(plan).isEmpty) {
      Left(s"${plan.nodeName} produces columnar batches Ember does not read yet")
    } else {
      val schema = DataTypeSerde.schemaToProto(plan.schema)
      schema.map { s =>
        NativeRegion(
          Operator.newBuilder().setPlanId(plan.id.toLong).setArrowInput(ArrowInput.newBuilder().setSchema(s)).build(),
          scans = Nil, nodeNames = Nil, inputs = Seq(plan))
      }.left.map(reason => s"${plan.nodeName} output: $reason")
    }

  /**
   * None when a region over an exchange is worth running natively, else why not. Its rows
   * are converted to Arrow on the way in and, for the Spark operator above, back to rows on
   * the way out; what the region does in between must save more than that costs:
   *  - Project and Filter alone do not;
   *  - nor does a local sort (the one Spark adds for a sort-merge join, a window or a sort
   *    aggregate, `SortExec(global = false)`): it keeps every row, and Spark's own sort is
   *    cheaper than both conversions (TPC-H q10 and q3 at SF1 spend more CPU with it native).
   * A region that aggregates, limits or sorts globally stays native. A region whose inputs
   * are all native exchanges (`nativeInputs`) reads Arrow blocks with no conversion, and is
   * always worth running natively.
   *
   * @param top    the top replaced Spark operator.
   * @param region the region replacing it; its inputs are where the replaced operators end.
   */
  def worthConverting(top: SparkPlan, region: NativeRegion, conf: SQLConf, nativeInputs: Boolean = false): Option[String] = {
    val names = region.nodeNames
    val passThrough = (n: String) => n == "Project" || n == "Filter" || n == "Union"
    if (nativeInputs) {
      // Native exchanges' blocks reach the region as Arrow: nothing is converted on the way in.
      None
    } else if (names.forall(passThrough) && !EmberConf.EXCHANGE_INPUT_ANY_REGION.get(conf)) {
      Some(s"${names.mkString(", ")} over an exchange only: converting its rows to Arrow costs more than " +
        s"it saves (${EmberConf.EXCHANGE_INPUT_ANY_REGION.key})")
    } else if (names.contains("Sort") && names.forall(n => passThrough(n) || n == "Sort") &&
        localSortsOnly(top, region.inputs) &&
        !EmberConf.EXCHANGE_INPUT_LOCAL_SORT.get(conf)) {
      Some(s"${names.mkString(", ")} over an exchange only, sorting for the Spark operator above: converting " +
        s"its rows to Arrow and back costs more than Spark's sort (${EmberConf.EXCHANGE_INPUT_LOCAL_SORT.key})")
    } else {
      None
    }
  }

  /** Whether every sort from `top` down to `inputs` (exclusive) is a local one. */
  private def localSortsOnly(top: SparkPlan, inputs: Seq[SparkPlan]): Boolean =
    if (inputs.exists(_ eq top)) true
    else {
      val local = top match {
        case s: SortExec => !s.global
        case _ => true
      }
      local && top.children.forall(localSortsOnly(_, inputs))
    }

  /**
   * Spark puts a `RowToColumnarExec` below every columnar node whose child produces rows;
   * a region reads its input's rows (or its broadcast's relation) itself, so that
   * transition is removed.
   */
  object RemoveRowToColumnar extends Rule[SparkPlan] {
    override def apply(plan: SparkPlan): SparkPlan = plan.transformUp {
      case e: dev.ember.spark.exec.EmberExec if e.children.exists(_.isInstanceOf[RowToColumnarExec]) =>
        e.withNewChildren(e.children.map {
          case r: RowToColumnarExec => r.child
          case other => other
        })
    }
  }
}
