package dev.ember.spark.exec

import java.nio.channels.{ClosedByInterruptException, ReadableByteChannel}

import scala.collection.JavaConverters._
import scala.util.control.NonFatal

import dev.ember.proto.sidecar.v1.TaskResult
import org.apache.arrow.memory.BufferAllocator
import org.apache.arrow.vector.DecimalVector
import org.apache.arrow.vector.ipc.ArrowStreamReader

import org.apache.spark.{SparkException, SparkThrowable, TaskKilledException}
import org.apache.spark.sql.types.Decimal
import org.apache.spark.sql.vectorized.{ArrowColumnVector, ColumnarBatch, ColumnVector}

/**
 * The sidecar's Arrow IPC stream as Spark `ColumnarBatch`es of `ArrowColumnVector`.
 *
 * One `ArrowStreamReader` reads the whole stream; each loaded batch reuses the reader's
 * `VectorSchemaRoot`, so a returned batch is valid until the next `hasNext` (as for every
 * columnar operator in Spark). Empty batches are skipped. When the stream ends the call's
 * final result is read and handed to `onResult`.
 */
final class NativeBatchIterator(
    stream: SidecarResultStream,
    allocator: BufferAllocator,
    onBatch: ColumnarBatch => Unit,
    onResult: TaskResult => Unit)
  extends Iterator[ColumnarBatch] with AutoCloseable {

  private var reader: ArrowStreamReader = _
  private var batch: ColumnarBatch = _
  private var ready = false
  private var done = false
  private var closed = false

  override def hasNext: Boolean = {
    if (!ready && !done) advance()
    ready
  }

  override def next(): ColumnarBatch = {
    if (!hasNext) throw new NoSuchElementException("no more batches from the Ember sidecar")
    ready = false
    onBatch(batch)
    batch
  }

  /** Closes the reader (its vectors) and the call; idempotent. */
  override def close(): Unit = if (!closed) {
    closed = true
    try {
      if (reader != null) reader.close()
    } finally {
      stream.close()
    }
  }

  private def advance(): Unit = withSidecarErrors {
    if (reader == null) {
      if (!stream.hasData) {
        finish()
        return
      }
      reader = new ArrowStreamReader(stream: ReadableByteChannel, allocator)
      val root = reader.getVectorSchemaRoot
      val columns: Array[ColumnVector] =
        root.getFieldVectors.asScala.map {
          // Decimals that fit a long skip Spark's BigDecimal per value (LongDecimalColumnVector).
          case d: DecimalVector if d.getPrecision <= Decimal.MAX_LONG_DIGITS => new LongDecimalColumnVector(d): ColumnVector
          case v => new ArrowColumnVector(v): ColumnVector
        }.toArray
      batch = new ColumnarBatch(columns)
    }
    var loaded = false
    while (!loaded && reader.loadNextBatch()) {
      loaded = reader.getVectorSchemaRoot.getRowCount > 0
    }
    if (loaded) {
      batch.setNumRows(reader.getVectorSchemaRoot.getRowCount)
      ready = true
    } else {
      finish()
    }
  }

  private def finish(): Unit = {
    stream.drainToEnd()
    done = true
    stream.result.foreach(onResult)
  }

  /** Errors while reading become the sidecar's error when it sent one. */
  private def withSidecarErrors[T](body: => T): T =
    try body
    catch {
      case e: SparkException => throw e
      case e: RuntimeException with SparkThrowable => throw e
      case e: TaskKilledException => throw e
      case e: ClosedByInterruptException => throw stream.error.getOrElse(e)
      case NonFatal(e) =>
        throw stream.error.getOrElse(
          new SparkException(s"Ember: cannot read the sidecar's Arrow stream: ${e.getMessage}", e))
    }
}
