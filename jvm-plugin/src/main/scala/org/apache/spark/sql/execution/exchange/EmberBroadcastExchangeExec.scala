package org.apache.spark.sql.execution.exchange

import java.util.concurrent.{Future, TimeoutException, TimeUnit}

import scala.concurrent.Promise
import scala.concurrent.duration.NANOSECONDS
import scala.util.control.NonFatal

import dev.ember.spark.EmberConf
import dev.ember.spark.exec.{ArrowInputFeeder, BroadcastIpc, EmberArrow, EmberArrowRelation, EmberExec, EmberIpcBatch}

import org.apache.spark.{broadcast, SparkException, TaskContext}
import org.apache.spark.ember.NativeShuffleInput
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.plans.logical.Statistics
import org.apache.spark.sql.catalyst.plans.physical.{BroadcastMode, BroadcastPartitioning, Partitioning}
import org.apache.spark.sql.errors.QueryExecutionErrors
import org.apache.spark.sql.execution.{ColumnarToRowExec, RowToColumnarExec, SparkPlan, SQLExecution}
import org.apache.spark.sql.execution.joins.HashedRelationBroadcastMode
import org.apache.spark.sql.execution.metric.SQLMetrics
import org.apache.spark.sql.types.LongType
import org.apache.spark.unsafe.map.BytesToBytesMap
import org.apache.spark.sql.vectorized.ColumnarBatch
import org.apache.spark.util.SparkFatalException

/**
 * Ember's broadcast exchange: the relation is its child's rows as Arrow IPC record batches
 * ([[EmberArrowRelation]]), which only a native join reads (the join's tasks forward the
 * bytes to the sidecar as its build input; nothing is converted to rows or hashed on the JVM).
 * The rule puts it in place of Spark's `BroadcastExchangeExec` (`HashedRelationBroadcastMode`,
 * or `IdentityBroadcastMode` for a nested loop join) only where the consumer is a native join
 * (`rules/NativeBroadcast`).
 *
 * As Spark's exchange (`BroadcastExchangeExec`, Spark 3.5): the relation is built once on the
 * driver in a future on Spark's broadcast thread pool, its jobs tagged with [[jobTag]] so AQE
 * (and the timeout) can cancel them; `spark.sql.broadcastTimeout` bounds the wait; the same
 * row and byte limits apply; the same SQL metrics are posted; [[runtimeStatistics]] give AQE
 * the size and row count (an empty build side lets AQE drop the join).
 *
 * The child is normally a native region (`EmberExec`): its tasks return their IPC output
 * undecoded (`EmberExec.executeIpc`). Under AQE it may be a native shuffle's stage (a
 * sort-merge join turned into a broadcast hash join once that stage ran): the sidecar
 * decodes each partition's blocks to uncompressed IPC (`EmberShuffleExchangeExec.rawIpc`),
 * nothing becomes rows. Any other child (a region the rule could not convert
 * after all) is written to Arrow by Spark's `ArrowWriter` in its tasks, so the relation is
 * the same either way.
 */
case class EmberBroadcastExchangeExec(mode: BroadcastMode, child: SparkPlan) extends BroadcastExchangeLike {

  override lazy val metrics = Map(
    "dataSize" -> SQLMetrics.createSizeMetric(sparkContext, "data size"),
    "numOutputRows" -> SQLMetrics.createMetric(sparkContext, "number of output rows"),
    "collectTime" -> SQLMetrics.createTimingMetric(sparkContext, "time to collect"),
    "buildTime" -> SQLMetrics.createTimingMetric(sparkContext, "time to build"),
    "broadcastTime" -> SQLMetrics.createTimingMetric(sparkContext, "time to broadcast"))

  override def nodeName: String = "EmberBroadcastExchange"

  override def outputPartitioning: Partitioning = BroadcastPartitioning(mode)

  // Columnar so that Spark leaves a native child's batches alone (no ColumnarToRow below);
  // it has no batches of its own to give: only its broadcast is read.
  override def supportsColumnar: Boolean = true

  override def doCanonicalize(): SparkPlan = EmberBroadcastExchangeExec(mode.canonicalized, child.canonicalized)

  override def runtimeStatistics: Statistics =
    Statistics(metrics("dataSize").value, Some(metrics("numOutputRows").value))

  @transient private lazy val promise = Promise[broadcast.Broadcast[Any]]()

  @transient override lazy val completionFuture: scala.concurrent.Future[broadcast.Broadcast[Any]] = promise.future

  @transient private val timeout: Long = conf.broadcastTimeout

  /** Spark's row limit for the relation Spark would have built (`BroadcastExchangeExec`). */
  @transient private lazy val maxBroadcastRows: Long = mode match {
    case HashedRelationBroadcastMode(key, _) if !(key.length == 1 && key.head.dataType == LongType) =>
      (BytesToBytesMap.MAX_CAPACITY / 1.5).toLong
    case _ => 512000000L
  }

  @transient override lazy val relationFuture: Future[broadcast.Broadcast[Any]] =
    SQLExecution.withThreadLocalCaptured[broadcast.Broadcast[Any]](session, BroadcastExchangeExec.executionContext) {
      try {
        // Tagged so that AQE (BroadcastQueryStageExec.cancel) and the timeout can cancel the jobs.
        sparkContext.addJobTag(jobTag)
        sparkContext.setInterruptOnCancel(true)
        val beforeCollect = System.nanoTime()
        val parts = ipcPartitions().collect()
        val numRows = parts.iterator.map(_._1).sum
        longMetric("numOutputRows") += numRows
        if (numRows >= maxBroadcastRows) {
          throw QueryExecutionErrors.cannotBroadcastTableOverMaxTableRowsError(maxBroadcastRows, numRows)
        }
        val beforeBuild = System.nanoTime()
        longMetric("collectTime") += NANOSECONDS.toMillis(beforeBuild - beforeCollect)
        val relation = EmberArrowRelation(parts.map(_._2).filter(_.nonEmpty), numRows)
        val dataSize = relation.sizeInBytes
        longMetric("dataSize") += dataSize
        if (dataSize >= BroadcastExchangeExec.MAX_BROADCAST_TABLE_BYTES) {
          throw QueryExecutionErrors.cannotBroadcastTableOverMaxTableBytesError(
            BroadcastExchangeExec.MAX_BROADCAST_TABLE_BYTES, dataSize)
        }
        val beforeBroadcast = System.nanoTime()
        longMetric("buildTime") += NANOSECONDS.toMillis(beforeBroadcast - beforeBuild)
        // As Spark (SPARK-39983): the driver keeps the serialized bytes only.
        val broadcasted = sparkContext.broadcastInternal(relation, serializedOnly = true)
          .asInstanceOf[broadcast.Broadcast[Any]]
        longMetric("broadcastTime") += NANOSECONDS.toMillis(System.nanoTime() - beforeBroadcast)
        val executionId = sparkContext.getLocalProperty(SQLExecution.EXECUTION_ID_KEY)
        SQLMetrics.postDriverMetricUpdates(sparkContext, executionId, metrics.values.toSeq)
        promise.trySuccess(broadcasted)
        broadcasted
      } catch {
        // As Spark (SPARK-24294): fatal errors travel wrapped, ThreadUtils unwraps them.
        case e if !NonFatal(e) =>
          val ex = new SparkFatalException(e)
          promise.tryFailure(ex)
          throw ex
        case e: Throwable =>
          promise.tryFailure(e)
          throw e
      }
    }

  /**
   * Per task of the child: its row count and its record batch messages. A native child's
   * tasks return the sidecar's bytes; another child's rows are written to Arrow in its tasks.
   */
  private def ipcPartitions(): RDD[(Long, Array[Byte])] = child match {
    case ember: EmberExec => undecoded(ember.executeIpc())
    case NativeShuffleInput(exchange, specs) => undecoded(exchange.rawIpc(specs))
    case other =>
      val rows = other match {
        case r: RowToColumnarExec => r.child.execute()
        case c if c.supportsColumnar => ColumnarToRowExec(c).execute()
        case p => p.execute()
      }
      val (output, tz, batchRows) = (other.output, conf.sessionLocalTimeZone, EmberConf.BATCH_SIZE.get(conf))
      rows.mapPartitionsInternal { it =>
        val allocator = EmberArrow.newTaskAllocator(s"broadcast-${TaskContext.get().taskAttemptId()}")
        val feeder = new ArrowInputFeeder(it, output, tz, batchRows, allocator)
        try {
          val bytes = new java.io.ByteArrayOutputStream()
          while (feeder.hasNext) feeder.next().writeTo(bytes)
          Iterator(BroadcastIpc.recordBatches(
            java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(bytes.toByteArray))))
        } finally {
          feeder.close()
          allocator.close()
        }
      }
  }

  private def undecoded(batches: RDD[ColumnarBatch]): RDD[(Long, Array[Byte])] =
    batches.mapPartitionsInternal(_.map {
      case b: EmberIpcBatch => (b.numRows().toLong, b.ipc)
      case other => throw new SparkException(s"Ember: a broadcast task returned a ${other.getClass.getName}")
    })

  override protected def doPrepare(): Unit = relationFuture

  override protected def doExecute(): RDD[InternalRow] =
    throw QueryExecutionErrors.executeCodePathUnsupportedError(nodeName)

  override protected def doExecuteColumnar(): RDD[ColumnarBatch] =
    throw QueryExecutionErrors.executeCodePathUnsupportedError(nodeName)

  override protected[sql] def doExecuteBroadcast[T](): broadcast.Broadcast[T] =
    try relationFuture.get(timeout, TimeUnit.SECONDS).asInstanceOf[broadcast.Broadcast[T]]
    catch {
      case ex: TimeoutException =>
        logError(s"Could not execute broadcast in $timeout secs.", ex)
        if (!relationFuture.isDone) {
          sparkContext.cancelJobsWithTag(jobTag)
          relationFuture.cancel(true)
        }
        throw QueryExecutionErrors.executeBroadcastTimeoutError(timeout, Some(ex))
    }

  override protected def withNewChildInternal(newChild: SparkPlan): EmberBroadcastExchangeExec =
    copy(child = newChild)
}
