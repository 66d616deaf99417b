package org.apache.spark.ember

import org.apache.spark.SparkContext

/** Spark-internal listener bus access for tests outside `org.apache.spark`. */
object TestListeners {

  /** Waits until every event posted so far reached the listeners. */
  def waitUntilEmpty(sc: SparkContext): Unit = sc.listenerBus.waitUntilEmpty()
}
