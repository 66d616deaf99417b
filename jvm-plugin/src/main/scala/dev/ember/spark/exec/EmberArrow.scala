package dev.ember.spark.exec

import java.io.ByteArrayOutputStream
import java.nio.channels.Channels

import org.apache.arrow.memory.{BufferAllocator, RootAllocator}
import org.apache.arrow.vector.VectorSchemaRoot
import org.apache.arrow.vector.ipc.ArrowStreamWriter

import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.Attribute
import org.apache.spark.sql.execution.arrow.ArrowWriter

/** Ember's Arrow memory in this JVM: one root, one child allocator per task. */
object EmberArrow {

  lazy val rootAllocator: RootAllocator = new RootAllocator(Long.MaxValue)

  /** A fresh allocator for one task; close it when the task completes. */
  def newTaskAllocator(taskId: String): BufferAllocator =
    rootAllocator.newChildAllocator(s"ember-task-$taskId", 0, Long.MaxValue)

  /**
   * `rows` of `output` as one Arrow IPC stream (schema, one record batch unless there is no
   * row, end-of-stream), typed as an `ArrowInput` leaf types them
   * ([[ArrowInputFeeder.arrowSchema]]): a few rows the driver ships in a plan (range bounds).
   */
  def ipcStream(rows: Seq[InternalRow], output: Seq[Attribute], sessionTimeZone: String): Array[Byte] = {
    val allocator = rootAllocator.newChildAllocator("ember-ipc-stream", 0, Long.MaxValue)
    try {
      val root = VectorSchemaRoot.create(ArrowInputFeeder.arrowSchema(output, sessionTimeZone), allocator)
      try {
        val out = new ByteArrayOutputStream()
        val ipc = new ArrowStreamWriter(root, null, Channels.newChannel(out))
        ipc.start()
        if (rows.nonEmpty) {
          val writer = ArrowWriter.create(root)
          rows.foreach(writer.write)
          writer.finish()
          ipc.writeBatch()
        }
        ipc.end()
        out.toByteArray
      } finally root.close()
    } finally allocator.close()
  }
}
