package dev.ember.spark.exec

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.Operator
import dev.ember.spark.EmberConf
import dev.ember.spark.shims.SparkShims

import org.apache.spark.rdd.RDD
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.Attribute
import org.apache.spark.sql.catalyst.plans.QueryPlan
import org.apache.spark.sql.catalyst.util.truncatedString
import org.apache.spark.sql.execution.{FileSourceScanExec, LeafExecNode, SparkPlan, SQLExecution}
import org.apache.spark.sql.execution.metric.{SQLMetric, SQLMetrics}
import org.apache.spark.sql.vectorized.{ArrowColumnVector, ColumnarBatch}

/**
 * A native region of the plan, run by the executor's ember-sidecar.
 *
 * @param output     the output of the top replaced Spark node.
 * @param nativePlan the proto operator tree (a template: no file splits).
 * @param nodeNames  the replaced operators, top-down, e.g. `Project, Filter, ParquetScan`.
 * @param scan       the replaced Spark scan; Ember reads the same file partitions it would.
 * @param nativeExpressions the signatures of the Spark expressions the region evaluates,
 *                   e.g. `Add(int,int)->int` (for tests and tools: see `EmberExplain`).
 */
case class EmberExec(
    override val output: Seq[Attribute],
    nativePlan: Operator,
    nodeNames: Seq[String],
    scan: FileSourceScanExec,
    nativeExpressions: Seq[String] = Nil)
  extends LeafExecNode {

  override def nodeName: String = "EmberExec"

  override def supportsColumnar: Boolean = true

  override def vectorTypes: Option[Seq[String]] =
    Some(Seq.fill(output.size)(classOf[ArrowColumnVector].getName))

  override lazy val metrics: Map[String, SQLMetric] = Map(
    "numOutputRows" -> SQLMetrics.createMetric(sparkContext, "number of output rows"),
    "numOutputBatches" -> SQLMetrics.createMetric(sparkContext, "number of output batches"),
    "nativeTime" -> SQLMetrics.createNanoTimingMetric(sparkContext, "native compute time"),
    "numFiles" -> SQLMetrics.createMetric(sparkContext, "number of files read"),
    "filesSize" -> SQLMetrics.createSizeMetric(sparkContext, "size of files read"))

  override protected def doExecute(): RDD[InternalRow] =
    throw new IllegalStateException(s"$nodeName produces columnar batches only")

  override protected def doExecuteColumnar(): RDD[ColumnarBatch] = {
    val partitions = SparkShims.filePartitions(scan)
    postDriverMetrics(partitions.flatMap(_.files).map(_.length))
    val taskConf = EmberTaskConf(
      sessionTimeZone = conf.sessionLocalTimeZone,
      batchSize = EmberConf.BATCH_SIZE.get(conf),
      faultInjection = EmberConf.TESTING_FAULT_INJECTION.get(conf))
    new EmberRDD(
      sparkContext,
      partitions,
      nativePlan.toByteArray,
      taskConf,
      EmberMetrics(longMetric("numOutputRows"), longMetric("numOutputBatches"), longMetric("nativeTime")))
  }

  private def postDriverMetrics(splitLengths: Seq[Long]): Unit = {
    longMetric("numFiles").set(splitLengths.size.toLong)
    longMetric("filesSize").set(splitLengths.sum)
    val executionId = sparkContext.getLocalProperty(SQLExecution.EXECUTION_ID_KEY)
    SQLMetrics.postDriverMetricUpdates(sparkContext, executionId,
      Seq(longMetric("numFiles"), longMetric("filesSize")))
  }

  /** e.g. `EmberExec [Project, Filter, ParquetScan] [a#1, b#2] ReadSchema: struct<a:int,b:string>, Location: ...`. */
  override def simpleString(maxFields: Int): String = {
    val roots = scan.relation.location.rootPaths
    val location = roots.headOption.map(_.toString).getOrElse("") +
      (if (roots.size > 1) s", ... ${roots.size - 1} more" else "")
    s"$nodeName [${nodeNames.mkString(", ")}] ${truncatedString(output, "[", ", ", "]", maxFields)} " +
      s"ReadSchema: ${scan.requiredSchema.catalogString}, Location: [$location]"
  }

  // The proto plan is not printed in plan strings; nodeNames and simpleString describe it.
  override protected def stringArgs: Iterator[Any] = Iterator(nodeNames.mkString("[", ", ", "]"))

  override def verboseStringWithOperatorId(): String =
    s"""
       |$formattedNodeName
       |Replaces: ${nodeNames.mkString(", ")}
       |${ExplainUtilsShim.fieldString("Output", output)}
       |ReadSchema: ${scan.requiredSchema.catalogString}
       |""".stripMargin

  /** Equal regions (same plan, same files) canonicalize equal: plan ids are dropped. */
  override protected def doCanonicalize(): SparkPlan = EmberExec(
    output.map(QueryPlan.normalizeExpressions(_, output)),
    EmberExec.withoutPlanIds(nativePlan),
    nodeNames,
    scan.canonicalized.asInstanceOf[FileSourceScanExec],
    nativeExpressions)
}

object EmberExec {

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
