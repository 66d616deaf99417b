package dev.ember.spark.exec

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
