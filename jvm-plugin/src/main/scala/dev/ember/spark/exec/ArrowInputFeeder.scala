package dev.ember.spark.exec

import java.nio.ByteBuffer
import java.nio.channels.WritableByteChannel

import scala.collection.JavaConverters._

import com.google.protobuf.ByteString
import org.apache.arrow.memory.BufferAllocator
import org.apache.arrow.vector.VectorSchemaRoot
import org.apache.arrow.vector.ipc.ArrowStreamWriter
import org.apache.arrow.vector.types.{DateUnit, FloatingPointPrecision, TimeUnit}
import org.apache.arrow.vector.types.pojo.{ArrowType, Field, FieldType, Schema}

import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.Attribute
import org.apache.spark.sql.execution.arrow.ArrowWriter
import org.apache.spark.sql.types._

/**
 * The rows of a Spark operator below a native region, as the pieces of one Arrow IPC
 * stream for the region's `ArrowInput` leaf.
 *
 * Pulled by the task thread (rows from a shuffle read need the task's thread), one piece
 * at a time, so the sidecar's consumption paces the reading: at most one batch of rows
 * is held here. A batch ends at `batchRows` rows or `MaxBatchBytes` bytes, whichever comes
 * first; a piece is at most `MaxPieceBytes` (the sidecar reads the pieces as one byte stream).
 *
 * @param output the input's attributes: names, types and nullability of the Arrow fields,
 *               which match the `ArrowInput` schema the plan carries.
 */
final class ArrowInputFeeder(
    rows: Iterator[InternalRow],
    output: Seq[Attribute],
    sessionTimeZone: String,
    batchRows: Int,
    allocator: BufferAllocator)
  extends InputFeeder {

  import ArrowInputFeeder._

  private val root = VectorSchemaRoot.create(arrowSchema(output, sessionTimeZone), allocator)
  private val writer = ArrowWriter.create(root)
  private val bytes = new PieceChannel
  private val ipc = new ArrowStreamWriter(root, null, bytes)
  private var started = false
  private var ended = false
  private var closed = false

  /** Rows fed so far. */
  var rowsFed: Long = 0L

  /** Whether another piece remains (the end-of-stream marker counts as one). */
  override def hasNext: Boolean = bytes.hasPending || !ended

  /** The next piece of the stream. */
  override def next(): ByteString = {
    if (!bytes.hasPending) fill()
    bytes.take(MaxPieceBytes)
  }

  /** Writes the next batch (or the end of the stream) into the pending bytes. */
  private def fill(): Unit = {
    if (!started) {
      ipc.start()
      started = true
    }
    if (!rows.hasNext) {
      ipc.end()
      ended = true
      return
    }
    var n = 0
    while (n < batchRows && rows.hasNext && (n % SizeCheckRows != 0 || n == 0 || bufferBytes < MaxBatchBytes)) {
      writer.write(rows.next())
      n += 1
    }
    writer.finish()
    ipc.writeBatch()
    writer.reset()
    rowsFed += n
  }

  private def bufferBytes: Long = root.getFieldVectors.asScala.map(_.getBufferSize.toLong).sum

  override def close(): Unit = if (!closed) {
    closed = true
    root.close()
  }
}

object ArrowInputFeeder {
  /** A batch is cut at this many bytes of Arrow buffers (checked every SizeCheckRows rows). */
  val MaxBatchBytes: Long = 16L << 20
  val SizeCheckRows = 256
  /** The largest piece sent in one gRPC message. */
  val MaxPieceBytes: Int = 4 << 20

  /**
   * The Arrow schema of `output`, typed as the sidecar types an `ArrowInput` leaf
   * (`sparkplan/types`): timestamps in microseconds with the session time zone, NTZ
   * without one, decimals as decimal128.
   */
  def arrowSchema(output: Seq[Attribute], sessionTimeZone: String): Schema =
    new Schema(output.map { a =>
      new Field(a.name, new FieldType(a.nullable, arrowType(a.dataType, sessionTimeZone), null), null)
    }.asJava)

  private def arrowType(dt: DataType, tz: String): ArrowType = dt match {
    case BooleanType => ArrowType.Bool.INSTANCE
    case ByteType => new ArrowType.Int(8, true)
    case ShortType => new ArrowType.Int(16, true)
    case IntegerType => new ArrowType.Int(32, true)
    case LongType => new ArrowType.Int(64, true)
    case FloatType => new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)
    case DoubleType => new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)
    case d: DecimalType => new ArrowType.Decimal(d.precision, d.scale, 128)
    case StringType => ArrowType.Utf8.INSTANCE
    case BinaryType => ArrowType.Binary.INSTANCE
    case DateType => new ArrowType.Date(DateUnit.DAY)
    case TimestampType => new ArrowType.Timestamp(TimeUnit.MICROSECOND, tz)
    case TimestampNTZType => new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)
    case other => throw new IllegalArgumentException(s"Ember: no Arrow input type for ${other.catalogString}")
  }

  /** Collects what the IPC writer writes; hands it out in pieces. */
  private final class PieceChannel extends WritableByteChannel {
    private var buffer = new Array[Byte](1 << 16)
    private var start = 0
    private var end = 0

    def hasPending: Boolean = end > start

    def take(max: Int): ByteString = {
      val n = math.min(max, end - start)
      val piece = ByteString.copyFrom(buffer, start, n)
      start += n
      if (start == end) {
        start = 0
        end = 0
      }
      piece
    }

    override def write(src: ByteBuffer): Int = {
      val n = src.remaining()
      if (end + n > buffer.length) {
        val grown = new Array[Byte](math.max(buffer.length * 2, end - start + n))
        System.arraycopy(buffer, start, grown, 0, end - start)
        end -= start
        start = 0
        buffer = grown
      }
      src.get(buffer, end, n)
      end += n
      n
    }

    override def isOpen: Boolean = true
    override def close(): Unit = ()
  }
}
