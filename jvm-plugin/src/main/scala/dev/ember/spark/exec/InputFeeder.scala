package dev.ember.spark.exec

import java.io.InputStream

import com.google.protobuf.ByteString

/**
 * The bytes of one of a region's inputs, sent to its `ArrowInput` leaf in pieces, pulled by
 * the task thread (shuffle reads need the task's thread).
 */
trait InputFeeder extends AutoCloseable {

  /** Whether another piece remains. */
  def hasNext: Boolean

  /** The next piece (empty when none remains). */
  def next(): ByteString
}

/**
 * The blocks of a native shuffle exchange, forwarded as they were fetched: each block is one
 * or more complete Arrow IPC streams, so the pieces are the blocks' bytes in order, at most
 * `ArrowInputFeeder.MaxPieceBytes` each; the leaf reads them as concatenated streams
 * (`ArrowInput.concatenated_streams`). Nothing is decoded on the JVM. One piece is read ahead
 * so `hasNext` is exact (the last piece of a pulled input says it is the last).
 */
final class ShuffleBlockFeeder(blocks: Iterator[InputStream]) extends InputFeeder {
  private var current: InputStream = _
  private var ahead: ByteString = _
  private var closed = false

  /** Bytes forwarded so far. */
  var bytesFed: Long = 0L

  override def hasNext: Boolean = {
    if (ahead == null) ahead = read()
    ahead != null
  }

  override def next(): ByteString =
    if (!hasNext) ByteString.EMPTY
    else {
      val piece = ahead
      ahead = null
      bytesFed += piece.size()
      piece
    }

  /** The next non-empty piece of the blocks, or null at their end. */
  private def read(): ByteString = {
    while (!closed) {
      if (current == null) {
        if (!blocks.hasNext) return null
        current = blocks.next()
      }
      val piece = ByteString.readFrom(new BoundedStream(current, ArrowInputFeeder.MaxPieceBytes))
      if (piece.isEmpty) {
        current.close()
        current = null
      } else {
        return piece
      }
    }
    null
  }

  override def close(): Unit = if (!closed) {
    closed = true
    if (current != null) current.close()
    current = null
  }
}

/** At most `limit` bytes of `in`, leaving `in` open. */
private final class BoundedStream(in: InputStream, limit: Int) extends InputStream {
  private var left = limit
  override def read(): Int =
    if (left <= 0) -1
    else {
      val b = in.read()
      if (b >= 0) left -= 1
      b
    }
  override def read(b: Array[Byte], off: Int, len: Int): Int =
    if (left <= 0) -1
    else {
      val n = in.read(b, off, math.min(len, left))
      if (n > 0) left -= n
      n
    }
}
