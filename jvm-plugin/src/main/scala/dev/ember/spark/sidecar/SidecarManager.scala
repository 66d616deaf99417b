package dev.ember.spark.sidecar

import scala.util.control.NonFatal

import org.slf4j.LoggerFactory

import org.apache.spark.SparkConf
import org.apache.spark.ember.EmberSparkInternals

/**
 * The one sidecar of this JVM. The executor plugin starts it at executor start and stops it
 * at shutdown; a task that finds none (no executor plugin) starts it lazily. In Spark local
 * mode the executor runs inside the driver JVM, so this is shared by both.
 */
object SidecarManager {
  private val log = LoggerFactory.getLogger(getClass)

  private var supervisor: SidecarSupervisor = _
  private var shutdownHook: AnyRef = _

  /** The running supervisor, starting one from `conf` if there is none. */
  def getOrStart(conf: SparkConf): SidecarSupervisor = synchronized {
    if (supervisor == null || supervisor.isStopped) {
      val settings = SidecarSettings.fromSparkConf(conf)
      log.info(s"Starting the Ember sidecar supervisor in ${settings.localRoot}" +
        settings.binaryOverride.map(p => s" with binary $p").getOrElse(""))
      supervisor = new SidecarSupervisor(settings).start()
      if (shutdownHook == null) {
        shutdownHook = EmberSparkInternals.addShutdownHook(() => stop())
      }
    }
    supervisor
  }

  /** The running supervisor, if any. */
  def active: Option[SidecarSupervisor] = synchronized {
    Option(supervisor).filterNot(_.isStopped)
  }

  /** Stops the sidecar of this JVM, if one runs. */
  def stop(): Unit = {
    val s = synchronized {
      val current = supervisor
      supervisor = null
      current
    }
    if (s != null) {
      try s.stop() catch { case NonFatal(e) => log.warn("Error stopping the Ember sidecar", e) }
    }
  }
}
