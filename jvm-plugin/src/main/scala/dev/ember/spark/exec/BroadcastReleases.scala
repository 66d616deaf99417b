package dev.ember.spark.exec

import java.util.concurrent.{ConcurrentHashMap, Executors, ScheduledExecutorService, TimeUnit}

import scala.collection.JavaConverters._
import scala.util.control.NonFatal

import dev.ember.proto.plan.v1.BroadcastRef
import dev.ember.proto.sidecar.v1.ReleaseBroadcastRequest
import dev.ember.spark.EmberConf
import dev.ember.spark.sidecar.SidecarManager
import org.slf4j.LoggerFactory

import org.apache.spark.SparkEnv
import org.apache.spark.ember.EmberSparkInternals

/**
 * The broadcasts this JVM's tasks named to its sidecar (`ArrowInput.broadcast`), so that the
 * sidecar drops the build sides it keeps of them once Spark removes them.
 *
 * Spark offers no listener for a removed broadcast: `RemoveBroadcast` (from
 * `Broadcast.destroy`, or the `ContextCleaner` once the broadcast is unreachable) makes the
 * block manager drop the broadcast's blocks. So each named broadcast is checked, before each
 * task that names one and every [[CheckIntervalMs]] on a daemon thread, for its value block in
 * this JVM's block manager (`TorrentBroadcast` stored it there when a task read the value);
 * once it is gone, the sidecar is told (`ReleaseBroadcast`). Best effort: a sidecar that
 * restarted keeps nothing, and one that misses a release drops the entry when its
 * `spark.ember.broadcastCache.maxBytes` or its budget needs the room.
 */
object BroadcastReleases {
  private val log = LoggerFactory.getLogger(getClass)

  /** How often the named broadcasts are checked when no task runs. */
  val CheckIntervalMs = 1000L

  /** (application id, broadcast id) named to the sidecar and not yet released. */
  private val named = ConcurrentHashMap.newKeySet[(String, Long)]()
  @volatile private var timer: ScheduledExecutorService = _

  /**
   * Records that a task names broadcast `id` and returns the application id to name it with;
   * None when it may not: no SparkEnv or application id, or the sidecar this JVM starts keeps
   * no broadcast (`spark.ember.broadcastCache.maxBytes` 0).
   */
  def use(id: Long): Option[String] =
    Option(SparkEnv.get).filter(env => EmberConf.broadcastCacheBytes(env.conf) > 0)
      .flatMap(_.conf.getOption("spark.app.id")).map { app =>
        check()
        named.add((app, id))
        startTimer()
        app
      }

  /** The broadcasts named and not released (for tests). */
  def pending: Set[(String, Long)] = named.asScala.toSet

  /** Tells the sidecar about every named broadcast Spark has removed since the last check. */
  def check(): Unit = {
    val app = Option(SparkEnv.get).flatMap(_.conf.getOption("spark.app.id"))
    named.asScala.foreach { case key @ (a, id) =>
      // Another application's broadcast (an earlier SparkContext in this JVM) is gone too.
      if (!app.contains(a) || !EmberSparkInternals.holdsBroadcast(id)) {
        named.remove(key)
        release(a, id)
      }
    }
  }

  private def release(app: String, id: Long): Unit =
    SidecarManager.active.flatMap(_.currentHandle).foreach { handle =>
      try {
        val dropped = handle.connection.blockingStub.withDeadlineAfter(5, TimeUnit.SECONDS)
          .releaseBroadcast(ReleaseBroadcastRequest.newBuilder()
            .setBroadcast(BroadcastRef.newBuilder().setApplicationId(app).setId(id)).build())
          .getDropped
        log.debug(s"Broadcast $id of $app removed by Spark: $handle dropped $dropped build sides")
      } catch {
        case NonFatal(e) => log.warn(s"Cannot tell $handle that broadcast $id was removed: ${e.getMessage}")
      }
    }

  private def startTimer(): Unit = if (timer == null) synchronized {
    if (timer == null) {
      val t = Executors.newSingleThreadScheduledExecutor { r =>
        val thread = new Thread(r, "ember-broadcast-releases")
        thread.setDaemon(true)
        thread
      }
      t.scheduleWithFixedDelay(() => try check() catch {
        case NonFatal(e) => log.warn(s"Checking for removed broadcasts failed: ${e.getMessage}")
      }, CheckIntervalMs, CheckIntervalMs, TimeUnit.MILLISECONDS)
      timer = t
    }
  }
}
