package dev.ember.spark

import java.util.{Collections, Map => JMap}

import scala.util.control.NonFatal

import dev.ember.spark.sidecar.SidecarManager
import org.slf4j.LoggerFactory

import org.apache.spark.{SparkConf, SparkContext}
import org.apache.spark.api.plugin.{DriverPlugin, ExecutorPlugin, PluginContext, SparkPlugin}

/**
 * Ember's entry point: `--conf spark.plugins=dev.ember.spark.EmberPlugin`.
 *
 * The driver plugin registers [[EmberSessionExtensions]]; the executor plugin runs the
 * executor's ember-sidecar process.
 */
class EmberPlugin extends SparkPlugin {
  override def driverPlugin(): DriverPlugin = new EmberDriverPlugin
  override def executorPlugin(): ExecutorPlugin = new EmberExecutorPlugin
}

/**
 * Adds [[EmberSessionExtensions]] to `spark.sql.extensions` in the live SparkConf. Driver
 * plugins are initialized while the SparkContext is built, before any SparkSession reads
 * that setting, so the user needs to set nothing else.
 */
class EmberDriverPlugin extends DriverPlugin {
  override def init(sc: SparkContext, pluginContext: PluginContext): JMap[String, String] = {
    EmberPlugin.registerExtensions(pluginContext.conf())
    EmberPlugin.log.info(s"Ember ${EmberBuildInfo.version} enabled (extensions " +
      s"${pluginContext.conf().get(EmberPlugin.ExtensionsKey, "")})")
    Collections.emptyMap()
  }
}

/**
 * Starts the executor's sidecar and waits for its handshake; stops it at shutdown. A
 * sidecar that fails to start does not fail the executor: its tasks report the error.
 */
class EmberExecutorPlugin extends ExecutorPlugin {
  override def init(ctx: PluginContext, extraConf: JMap[String, String]): Unit = {
    val conf = ctx.conf()
    try {
      val handle = SidecarManager.getOrStart(conf).awaitReady(EmberConf.SIDECAR_STARTUP_TIMEOUT.get(conf))
      EmberPlugin.log.info(s"Ember sidecar ready for executor ${ctx.executorID()}: $handle")
    } catch {
      case NonFatal(e) =>
        EmberPlugin.log.error(s"The Ember sidecar did not start on executor ${ctx.executorID()}; " +
          s"Ember tasks on it will fail until it does: ${e.getMessage}", e)
    }
  }

  override def shutdown(): Unit = SidecarManager.stop()
}

object EmberPlugin {
  private[spark] val log = LoggerFactory.getLogger(classOf[EmberPlugin])

  /** Spark's static SQL conf listing session extension classes. */
  val ExtensionsKey = "spark.sql.extensions"

  /** Appends Ember's extensions to `spark.sql.extensions`, keeping the user's own. */
  def registerExtensions(conf: SparkConf): Unit = {
    val ours = classOf[EmberSessionExtensions].getName
    val existing = conf.getOption(ExtensionsKey).toSeq
      .flatMap(_.split(",")).map(_.trim).filter(_.nonEmpty)
    if (!existing.contains(ours)) conf.set(ExtensionsKey, (existing :+ ours).mkString(","))
  }
}
