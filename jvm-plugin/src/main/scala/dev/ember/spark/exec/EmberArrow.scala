package dev.ember.spark.exec

import org.apache.arrow.memory.{BufferAllocator, RootAllocator}

/** Ember's Arrow memory in this JVM: one root, one child allocator per task. */
object EmberArrow {

  lazy val rootAllocator: RootAllocator = new RootAllocator(Long.MaxValue)

  /** A fresh allocator for one task; close it when the task completes. */
  def newTaskAllocator(taskId: String): BufferAllocator =
    rootAllocator.newChildAllocator(s"ember-task-$taskId", 0, Long.MaxValue)
}
