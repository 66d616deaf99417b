package org.apache.spark.ember

import scala.util.control.NonFatal

import org.apache.spark.{QueryContext, SparkArithmeticException, SparkConf, SparkDateTimeException,
  SparkEnv, SparkException, SparkNumberFormatException, SparkRuntimeException, SparkUpgradeException, TaskContext}
import org.apache.spark.memory.TaskMemoryManager
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

  /** The executor's local directories, as its block manager uses them: where the sidecar spills. */
  def blockManagerLocalDirs: Seq[String] =
    Option(SparkEnv.get).map(_.blockManager.diskBlockManager.localDirs.map(_.getAbsolutePath).toSeq).getOrElse(Nil)

  /**
   * Whether this JVM's block manager still holds broadcast `id` (its value block, which
   * `TorrentBroadcast` stores where the value was read or written). Spark removes it on
   * `RemoveBroadcast` (`Broadcast.destroy`, the `ContextCleaner` once the broadcast is
   * unreachable, and `unpersist` on executors other than the driver). True without a SparkEnv.
   */
  def holdsBroadcast(id: Long): Boolean =
    Option(SparkEnv.get).forall(_.blockManager.getStatus(org.apache.spark.storage.BroadcastBlockId(id)).isDefined)

  /** Runs `hook` when the JVM shuts down, through Spark's ordered shutdown hooks. */
  def addShutdownHook(hook: () => Unit): AnyRef = ShutdownHookManager.addShutdownHook(hook)

  /** Removes a hook added by [[addShutdownHook]]. */
  def removeShutdownHook(ref: AnyRef): Boolean = ShutdownHookManager.removeShutdownHook(ref)

  /** The task's memory manager, where Ember acquires the sidecar's share of off-heap memory. */
  def taskMemoryManager(context: TaskContext): TaskMemoryManager = context.taskMemoryManager()

  /** Throws `TaskKilledException` if the task was killed. */
  def killTaskIfInterrupted(context: TaskContext): Unit = context.killTaskIfInterrupted()

  /**
   * The exception Spark raises for `errorClass` with these message parameters (the types
   * QueryExecutionErrors uses for each class), so a query that fails in the sidecar fails
   * as it fails in Spark. When Spark cannot format the class's message (an unknown class or a
   * missing parameter), a `SparkException` that names the class and carries `message`.
   */
  def sparkError(errorClass: String, parameters: Map[String, String], message: String): Exception = {
    val noContext = Array.empty[QueryContext]
    try {
      errorClass match {
        case "DIVIDE_BY_ZERO" | "ARITHMETIC_OVERFLOW" | "BINARY_ARITHMETIC_OVERFLOW" | "NUMERIC_VALUE_OUT_OF_RANGE" | "CAST_OVERFLOW" |
             "INTERVAL_ARITHMETIC_OVERFLOW" | "INTERVAL_DIVIDED_BY_ZERO" | "NUMERIC_OUT_OF_SUPPORTED_RANGE" |
             "_LEGACY_ERROR_TEMP_2043" =>
          new SparkArithmeticException(errorClass, parameters, noContext, "")
        case "CAST_INVALID_INPUT" if isDatetimeType(parameters.getOrElse("targetType", "")) =>
          new SparkDateTimeException(errorClass, parameters, noContext, "")
        case "CAST_INVALID_INPUT" if parameters.get("targetType").contains("\"BOOLEAN\"") =>
          new SparkRuntimeException(errorClass, parameters, null, noContext, "")
        case "CAST_INVALID_INPUT" =>
          new SparkNumberFormatException(errorClass, parameters, noContext, "")
        case c if c.startsWith("INCONSISTENT_BEHAVIOR_CROSS_VERSION.") =>
          new SparkUpgradeException(errorClass, parameters, null)
        case _ =>
          new SparkRuntimeException(errorClass, parameters, null, noContext, "")
      }
    } catch {
      case NonFatal(e) =>
        new SparkException(s"Ember sidecar error: [$errorClass] $message", e)
    }
  }

  private def isDatetimeType(sqlType: String): Boolean =
    sqlType == "\"DATE\"" || sqlType.startsWith("\"TIMESTAMP")
}
