package dev.ember.spark.exec

import java.io.ByteArrayOutputStream
import java.nio.{ByteBuffer, ByteOrder}
import java.nio.channels.{Channels, ReadableByteChannel}

import scala.collection.mutable.ArrayBuffer
import scala.util.control.NonFatal

import com.google.protobuf.{ByteString, UnsafeByteOperations}
import dev.ember.proto.sidecar.v1.TaskResult
import org.apache.arrow.flatbuf.{MessageHeader, RecordBatch}
import org.apache.arrow.vector.ipc.{ReadChannel, WriteChannel}
import org.apache.arrow.vector.ipc.message.MessageSerializer

import org.apache.spark.SparkException
import org.apache.spark.sql.catalyst.expressions.Attribute
import org.apache.spark.sql.vectorized.{ColumnarBatch, ColumnVector}

/**
 * What a native broadcast exchange (`EmberBroadcastExchangeExec`) broadcasts: the record
 * batch messages of the Arrow IPC streams its child's tasks produced, as the sidecar wrote
 * them (never decoded on the JVM), one chunk per task that produced rows, and their row
 * count. The schema message and the end-of-stream marker are not kept: each task of a
 * native join writes them around these bytes for its own `ArrowInput` leaf
 * ([[BroadcastIpcFeeder]]), whose field names and nullability are the join's, which a
 * reused broadcast may not share.
 */
final case class EmberArrowRelation(batches: Array[Array[Byte]], numRows: Long) {

  /** The bytes broadcast (what Spark's `dataSize` metric and limit count). */
  def sizeInBytes: Long = batches.iterator.map(_.length.toLong).sum
}

/**
 * The single batch an Ember region's task returns when it runs for a native broadcast
 * (`EmberTaskConf.rawIpc`): no columns, `rows` rows, and the record batch messages of the
 * task's Arrow IPC output as the sidecar sent them (see [[BroadcastIpc.recordBatches]]).
 */
final class EmberIpcBatch(rows: Int, val ipc: Array[Byte]) extends ColumnarBatch(Array.empty[ColumnVector], rows)

/**
 * A task's output for a native broadcast: the sidecar's IPC stream read to its end as one
 * [[EmberIpcBatch]], nothing decoded; then the call's result is read and handed to `onResult`.
 */
final class RawIpcBatches(
    stream: SidecarResultStream,
    onBatch: ColumnarBatch => Unit,
    onResult: TaskResult => Unit)
  extends Iterator[ColumnarBatch] with AutoCloseable {

  private var done = false

  override def hasNext: Boolean = !done

  override def next(): ColumnarBatch = {
    if (done) throw new NoSuchElementException("a broadcast task returns one batch")
    done = true
    val (rows, bytes) =
      try BroadcastIpc.recordBatches(stream)
      catch {
        case e: SparkException => throw e
        case NonFatal(e) => throw stream.error.getOrElse(
          new SparkException(s"Ember: cannot read the sidecar's Arrow stream: ${e.getMessage}", e))
      }
    stream.drainToEnd()
    stream.result.foreach(onResult)
    if (rows > Int.MaxValue) throw new SparkException(s"Ember: a broadcast task returned $rows rows")
    val batch = new EmberIpcBatch(rows.toInt, bytes)
    onBatch(batch)
    batch
  }

  override def close(): Unit = stream.close()
}

/** Splitting and assembling Arrow IPC streams without decoding their vectors. */
object BroadcastIpc {

  /** The IPC end-of-stream marker: the continuation token and a zero metadata length. */
  private val EndOfStream: Array[Byte] = Array(-1, -1, -1, -1, 0, 0, 0, 0).map(_.toByte)

  /**
   * The row count and the record batch messages, byte for byte, of the Arrow IPC stream
   * `in` (read to its end-of-stream); its schema message is dropped. An empty channel is an
   * empty stream. Dictionary batches are refused: the sidecar never writes them and a
   * consumer of these bytes would not have their dictionaries.
   */
  def recordBatches(in: ReadableByteChannel): (Long, Array[Byte]) = {
    val channel = new ReadChannel(in)
    val out = new ByteArrayOutputStream()
    val prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
    var rows = 0L
    var message = MessageSerializer.readMessage(channel)
    while (message != null) {
      val bodyLength = message.getMessageBodyLength
      message.getMessage.headerType() match {
        case MessageHeader.Schema =>
          skip(channel, bodyLength)
        case MessageHeader.RecordBatch =>
          val header = message.getMessage.header(new RecordBatch()).asInstanceOf[RecordBatch]
          rows += header.length()
          // The message as written: continuation token, metadata length (its padding
          // included, so the body stays 8-byte aligned), metadata, body.
          prefix.clear()
          prefix.putInt(-1).putInt(message.getMessageLength)
          out.write(prefix.array(), 0, 8)
          val metadata = message.getMessageBuffer.duplicate()
          metadata.rewind()
          val bytes = new Array[Byte](metadata.remaining())
          metadata.get(bytes)
          out.write(bytes)
          copy(channel, bodyLength, out)
        case other =>
          throw new SparkException(s"Ember: unexpected Arrow IPC message of type ${MessageHeader.name(other)} " +
            "in a broadcast's stream")
      }
      message = MessageSerializer.readMessage(channel)
    }
    (rows, out.toByteArray)
  }

  private def skip(channel: ReadChannel, n: Long): Unit = copy(channel, n, new ByteArrayOutputStream())

  /** Copies `n` bytes of `channel` to `out`. */
  private def copy(channel: ReadChannel, n: Long, out: ByteArrayOutputStream): Unit = {
    val buffer = ByteBuffer.allocate(64 << 10)
    var left = n
    while (left > 0) {
      buffer.clear()
      buffer.limit(math.min(left, buffer.capacity().toLong).toInt)
      val read = channel.readFully(buffer)
      if (read <= 0) throw new SparkException(s"Ember: an Arrow IPC message body ended $left bytes early")
      out.write(buffer.array(), 0, read)
      left -= read
    }
  }

  /** The IPC schema message (continuation token, length, metadata) of `output`'s Arrow schema. */
  def schemaMessage(output: Seq[Attribute], sessionTimeZone: String): Array[Byte] = {
    val out = new ByteArrayOutputStream()
    MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)),
      ArrowInputFeeder.arrowSchema(output, sessionTimeZone))
    out.toByteArray
  }

  /**
   * The pieces of one IPC stream for an `ArrowInput` leaf reading `relation` as `output`: the
   * schema message, the relation's record batches (sliced, not copied), the end-of-stream.
   */
  def pieces(relation: EmberArrowRelation, output: Seq[Attribute], sessionTimeZone: String): Seq[ByteString] = {
    val out = ArrayBuffer(ByteString.copyFrom(schemaMessage(output, sessionTimeZone)))
    relation.batches.foreach { chunk =>
      var offset = 0
      while (offset < chunk.length) {
        val n = math.min(ArrowInputFeeder.MaxPieceBytes, chunk.length - offset)
        // The broadcast value is read-only: its pieces may share its bytes.
        out += UnsafeByteOperations.unsafeWrap(chunk, offset, n)
        offset += n
      }
    }
    out += ByteString.copyFrom(EndOfStream)
    out.toSeq
  }
}

/**
 * The build side of a native join read from a native broadcast: the relation's IPC bytes
 * forwarded as they were broadcast, framed as one stream with the join's schema. Nothing is
 * converted; every piece is known up front, so `hasNext` is exact.
 */
final class BroadcastIpcFeeder(relation: EmberArrowRelation, output: Seq[Attribute], sessionTimeZone: String)
  extends InputFeeder {

  private val pieces = BroadcastIpc.pieces(relation, output, sessionTimeZone).iterator
  private var started = false

  override def hasNext: Boolean = pieces.hasNext

  override def next(): ByteString =
    if (!pieces.hasNext) ByteString.EMPTY
    else {
      if (!started) {
        started = true
        BroadcastIpcFeeder.streamsSent.incrementAndGet()
      }
      val piece = pieces.next()
      BroadcastIpcFeeder.bytesSent.addAndGet(piece.size())
      piece
    }

  override def close(): Unit = ()
}

object BroadcastIpcFeeder {

  /**
   * In this JVM, the native broadcast streams that tasks began to send to their sidecar, and
   * the bytes sent: with the sidecar's broadcast cache, one stream per broadcast (and build
   * side) per sidecar however many tasks read it. For tests and measurements.
   */
  val streamsSent = new java.util.concurrent.atomic.AtomicLong()
  val bytesSent = new java.util.concurrent.atomic.AtomicLong()
}
