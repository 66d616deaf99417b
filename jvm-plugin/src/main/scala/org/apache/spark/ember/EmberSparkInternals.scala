package org.apache.spark.ember

import org.apache.spark.{SparkConf, TaskContext}
import org.apache.spark.util.{ShutdownHookManager, Utils}

/**
 * The few Spark-private APIs Ember needs, in one place. This object lives under
 * `org.apache.spark` so it may call them; everything else in Ember uses public API.
 */
object EmberSparkInternals {

  /**
   * One of the executor's local directories (`SPARK_EXECUTOR_DIRS`, `SPARK_LOCAL_DIRS`,
   * YARN's local dirs, `spark.local.dir`, else `java.io.tmpdir`), created if needed.
   */
  def localDir(conf: SparkConf): String = Utils.getLocalDir(conf)

  /** Runs `hook` when the JVM shuts down, through Spark's ordered shutdown hooks. */
  def addShutdownHook(hook: () => Unit): AnyRef = ShutdownHookManager.addShutdownHook(hook)

  /** Removes a hook added by [[addShutdownHook]]. */
  def removeShutdownHook(ref: AnyRef): Boolean = ShutdownHookManager.removeShutdownHook(ref)

  /** Throws `TaskKilledException` if the task was killed. */
  def killTaskIfInterrupted(context: TaskContext): Unit = context.killTaskIfInterrupted()
}
