package org.apache.spark.sql.execution.exchange

import java.io.ByteArrayInputStream

import scala.collection.JavaConverters._

import dev.ember.spark.exec.{BroadcastIpc, EmberArrow, EmberArrowRelation}
import org.apache.arrow.vector.ipc.ArrowStreamReader

import org.apache.spark.broadcast
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.{Attribute, UnsafeProjection}
import org.apache.spark.sql.catalyst.plans.physical.{BroadcastMode, BroadcastPartitioning, Partitioning}
import org.apache.spark.sql.errors.QueryExecutionErrors
import org.apache.spark.sql.execution.{SparkPlan, UnaryExecNode}
import org.apache.spark.sql.vectorized.{ArrowColumnVector, ColumnarBatch, ColumnVector}

/**
 * A Spark operator's view of an Ember broadcast: Spark's own relation (`mode.transform`, a
 * `HashedRelation`), built once on the driver from the Ember relation's Arrow bytes and
 * broadcast. The rule converts a broadcast only for a join it expects to run natively
 * (`rules/NativeBroadcast`); under AQE that guess is made before the join's stage is
 * converted, so when the join stays in Spark after all, the rule puts this node between
 * them: the answer stays Spark's, at the cost of a second broadcast.
 */
case class EmberBroadcastToSparkExec(child: SparkPlan) extends UnaryExecNode {

  override def output: Seq[Attribute] = child.output

  override def outputPartitioning: Partitioning = child.outputPartitioning

  private def mode: BroadcastMode = child.outputPartitioning match {
    case BroadcastPartitioning(m) => m
    case other => throw new IllegalStateException(s"Ember: ${child.nodeName} is not a broadcast ($other)")
  }

  @transient private lazy val relation: broadcast.Broadcast[Any] = {
    val ipc = child.executeBroadcast[EmberArrowRelation]().value
    val rel = mode.transform(EmberBroadcastToSparkExec.rows(ipc, output, conf.sessionLocalTimeZone), Some(ipc.numRows))
    sparkContext.broadcast(rel).asInstanceOf[broadcast.Broadcast[Any]]
  }

  override protected def doExecute(): RDD[InternalRow] =
    throw QueryExecutionErrors.executeCodePathUnsupportedError(nodeName)

  override protected[sql] def doExecuteBroadcast[T](): broadcast.Broadcast[T] =
    relation.asInstanceOf[broadcast.Broadcast[T]]

  override protected def withNewChildInternal(newChild: SparkPlan): EmberBroadcastToSparkExec =
    copy(child = newChild)
}

object EmberBroadcastToSparkExec {

  /** The relation's rows as `UnsafeRow`s (each a copy), decoded on the driver. */
  def rows(relation: EmberArrowRelation, output: Seq[Attribute], sessionTimeZone: String): Iterator[InternalRow] = {
    val bytes = new java.io.ByteArrayOutputStream()
    BroadcastIpc.pieces(relation, output, sessionTimeZone).foreach(_.writeTo(bytes))
    val allocator = EmberArrow.rootAllocator.newChildAllocator("ember-broadcast-to-spark", 0, Long.MaxValue)
    val reader = new ArrowStreamReader(new ByteArrayInputStream(bytes.toByteArray), allocator)
    try {
      val project = UnsafeProjection.create(output, output)
      val out = Iterator.continually(reader.loadNextBatch()).takeWhile(identity).flatMap { _ =>
        val root = reader.getVectorSchemaRoot
        val columns: Array[ColumnVector] = root.getFieldVectors.asScala.map(v => new ArrowColumnVector(v): ColumnVector).toArray
        val batch = new ColumnarBatch(columns, root.getRowCount)
        batch.rowIterator().asScala.map(r => project(r).copy(): InternalRow).toVector
      }.toVector
      out.iterator
    } finally {
      reader.close()
      allocator.close()
    }
  }
}
