package dev.ember.spark.exec

import scala.collection.JavaConverters._

import org.apache.spark.rdd.RDD
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.{Attribute, SortOrder, UnsafeProjection}
import org.apache.spark.sql.catalyst.plans.physical.Partitioning
import org.apache.spark.sql.execution.{ColumnarToRowTransition, SparkPlan}
import org.apache.spark.sql.execution.metric.{SQLMetric, SQLMetrics}

/**
 * The rows of a native exchange's decoded batches for a Spark operator above AQE's read of
 * it (an `AQEShuffleReadExec`, which is columnar only). Spark's `ColumnarToRowExec` would do
 * the same, but it asserts that its child is columnar even in its canonical form, and AQE
 * canonicalizes a query stage as the Spark exchange it replaced (row-based), so a plan
 * holding one could not be canonicalized (for exchange reuse). Replaces that
 * `ColumnarToRowExec` (`rules.NativeShuffle.RemoveColumnarToRow`).
 */
case class NativeShuffleToRowsExec(child: SparkPlan) extends ColumnarToRowTransition {

  override def output: Seq[Attribute] = child.output

  override def outputPartitioning: Partitioning = child.outputPartitioning

  override def outputOrdering: Seq[SortOrder] = child.outputOrdering

  override lazy val metrics: Map[String, SQLMetric] = Map(
    "numOutputRows" -> SQLMetrics.createMetric(sparkContext, "number of output rows"),
    "numInputBatches" -> SQLMetrics.createMetric(sparkContext, "number of input batches"))

  override protected def doExecute(): RDD[InternalRow] = {
    val numOutputRows = longMetric("numOutputRows")
    val numInputBatches = longMetric("numInputBatches")
    val attributes = output
    child.executeColumnar().mapPartitions { batches =>
      val toUnsafe = UnsafeProjection.create(attributes, attributes)
      batches.flatMap { batch =>
        numInputBatches += 1
        numOutputRows += batch.numRows()
        batch.rowIterator().asScala.map(toUnsafe)
      }
    }
  }

  override protected def withNewChildInternal(newChild: SparkPlan): NativeShuffleToRowsExec = copy(child = newChild)
}
