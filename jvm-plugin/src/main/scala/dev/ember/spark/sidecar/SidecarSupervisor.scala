package dev.ember.spark.sidecar

import java.nio.file.{Files, Path, Paths}
import java.nio.file.attribute.PosixFilePermissions
import java.security.SecureRandom
import java.util.Comparator
import java.util.concurrent.TimeUnit

import scala.util.control.NonFatal

import dev.ember.proto.sidecar.v1.HandshakeResponse
import dev.ember.spark.EmberConf
import io.grpc.{Status, StatusRuntimeException}
import org.slf4j.LoggerFactory

import org.apache.spark.SparkConf
import org.apache.spark.ember.EmberSparkInternals

/**
 * How to run the sidecar in this JVM.
 *
 * @param binaryOverride   `spark.ember.sidecar.path`, if set.
 * @param startupTimeoutMs how long a launch may take to answer the handshake.
 * @param localRoot        the executor local directory to work in.
 */
/**
 * @param memoryBudget bytes of operator state the sidecar's tasks share before spilling
 *                     (`--memory-budget`; 0: unlimited).
 * @param spillCompression `--spill-compression`.
 * @param broadcastCacheBytes `--broadcast-cache-bytes` (0: the sidecar keeps no broadcast build side).
 */
final case class SidecarSettings(
    binaryOverride: Option[String],
    startupTimeoutMs: Long,
    localRoot: Path,
    memoryBudget: Long = 0L,
    spillCompression: String = "lz4",
    broadcastCacheBytes: Long = 0L)

object SidecarSettings {
  def fromSparkConf(conf: SparkConf): SidecarSettings = SidecarSettings(
    EmberConf.SIDECAR_PATH.get(conf),
    EmberConf.SIDECAR_STARTUP_TIMEOUT.get(conf),
    Paths.get(EmberSparkInternals.localDir(conf)),
    EmberConf.memoryBudget(conf),
    EmberConf.SPILL_COMPRESSION.get(conf),
    EmberConf.broadcastCacheBytes(conf))
}

/**
 * One running, handshaken sidecar process and the channel to it.
 *
 * @param generation increases with every launch in this JVM; a task that lost its sidecar
 *                   waits for a larger one.
 */
final case class SidecarHandle(
    generation: Long,
    process: Process,
    socketPath: Path,
    connection: SidecarConnection,
    handshake: HandshakeResponse) {

  def pid: Long = process.pid()

  override def toString: String = s"ember-sidecar(generation $generation, pid $pid, $socketPath)"
}

/**
 * Runs the sidecar for this JVM: extracts the binary, starts the process, waits for its
 * handshake, and restarts it with exponential backoff whenever it dies, until [[stop]].
 *
 * Everything happens on one watchdog thread; tasks wait for a live [[SidecarHandle]] with
 * [[awaitReady]] (or [[recover]] after losing one).
 */
final class SidecarSupervisor(settings: SidecarSettings) {
  import SidecarSupervisor._

  private val lock = new Object
  // All guarded by lock.
  private var current: Option[SidecarHandle] = None
  private var fatal: Option[Throwable] = None
  private var lastError: Option[Throwable] = None
  private var generation = 0L
  @volatile private var stopped = false

  /** A private (0700) directory for the binary and the sockets. */
  private val workDir: Path = privateDir(settings.localRoot)

  /**
   * Where the sockets go: the work dir, unless its path is too long for a Unix socket
   * (about 107 bytes), then a private directory under /tmp.
   */
  private val socketDir: Path =
    if (workDir.resolve("sidecar-0000000000.sock").toString.length <= MaxSocketPathLength) workDir
    else privateDir(Paths.get("/tmp"))

  private val watchdog = new Thread(() => runLoop(), "ember-sidecar-watchdog")
  watchdog.setDaemon(true)

  /** Starts the watchdog, which launches the sidecar. */
  def start(): SidecarSupervisor = {
    watchdog.start()
    this
  }

  def isStopped: Boolean = stopped

  /** The live sidecar now, if any, without waiting. */
  def currentHandle: Option[SidecarHandle] = lock.synchronized(current)

  /** The live sidecar, waiting up to `timeoutMs` for one. */
  def awaitReady(timeoutMs: Long = settings.startupTimeoutMs): SidecarHandle =
    awaitHandle(_ => true, timeoutMs)

  /**
   * A sidecar to retry with after a call on `lost` failed as UNAVAILABLE: a newer launch
   * if `lost` died (waiting for the watchdog to restart it), else `lost` itself.
   */
  def recover(lost: SidecarHandle, timeoutMs: Long = settings.startupTimeoutMs): SidecarHandle = {
    val died = !lost.process.isAlive || lost.process.waitFor(RecoverGraceMs, TimeUnit.MILLISECONDS)
    if (died) awaitHandle(_.generation > lost.generation, timeoutMs) else lost
  }

  /** Stops the sidecar (SIGTERM, then SIGKILL) and the watchdog, and removes the work dir. */
  def stop(): Unit = {
    val handle = lock.synchronized {
      stopped = true
      val h = current
      current = None
      lock.notifyAll()
      h
    }
    watchdog.interrupt()
    handle.foreach(shutdownHandle)
    watchdog.join(TimeUnit.SECONDS.toMillis(10))
    deleteRecursively(workDir)
    if (socketDir != workDir) deleteRecursively(socketDir)
  }

  private def awaitHandle(accept: SidecarHandle => Boolean, timeoutMs: Long): SidecarHandle =
    lock.synchronized {
      val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs)
      def remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())
      while (!current.exists(accept) && fatal.isEmpty && !stopped && remainingMs > 0) {
        lock.wait(math.max(1L, remainingMs))
      }
      current.filter(accept).getOrElse {
        fatal.foreach(e => throw new SidecarFatalException(e.getMessage, e))
        if (stopped) throw new SidecarUnavailableException("The Ember sidecar has been stopped")
        val cause = lastError.orNull
        throw new SidecarUnavailableException(
          s"The Ember sidecar was not ready within $timeoutMs ms" +
            Option(cause).map(c => s": ${c.getMessage}").getOrElse(""), cause)
      }
    }

  /** The watchdog: launch, wait for exit, back off, relaunch. */
  private def runLoop(): Unit = {
    var backoffMs = InitialBackoffMs
    var failedLaunches = 0
    while (!stopped) {
      val startedAt = System.nanoTime()
      try {
        val handle = launch()
        failedLaunches = 0
        if (publish(handle)) {
          log.info(s"Started $handle (${handle.handshake.getServerBuild}, capabilities " +
            s"${handle.handshake.getCapabilitiesList})")
          val code = handle.process.waitFor()
          unpublish(handle)
          if (!stopped) {
            log.warn(s"$handle exited with code $code; restarting it in $backoffMs ms")
          }
        }
      } catch {
        case _: InterruptedException if stopped => // stop() was called
        case e: SidecarFatalException =>
          log.error(s"Cannot run the Ember sidecar: ${e.getMessage}", e)
          setFatal(e)
          return
        case NonFatal(e) =>
          failedLaunches += 1
          val giveUp = lock.synchronized {
            lastError = Some(e)
            lock.notifyAll()
            if (failedLaunches >= MaxFailedLaunches) {
              fatal = Some(new SidecarFatalException(
                s"The Ember sidecar failed to start $failedLaunches times in a row: ${e.getMessage}", e))
              true
            } else {
              false
            }
          }
          if (giveUp) {
            log.error(s"Giving up on the Ember sidecar: ${e.getMessage}", e)
            return
          }
          log.warn(s"Failed to start the Ember sidecar (attempt $failedLaunches); retrying in " +
            s"$backoffMs ms: ${e.getMessage}", e)
      }
      if (!stopped) {
        val uptimeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)
        if (uptimeMs >= StableUptimeMs) backoffMs = InitialBackoffMs
        try Thread.sleep(backoffMs)
        catch { case _: InterruptedException => }
        backoffMs = math.min(backoffMs * 2, MaxBackoffMs)
      }
    }
  }

  /** Starts one sidecar process and waits for its handshake. */
  private def launch(): SidecarHandle = {
    val binary = SidecarBinary.resolve(settings.binaryOverride, workDir)
    val gen = lock.synchronized { generation += 1; generation }
    val socket = socketDir.resolve(f"sidecar-$gen%010d.sock")
    Files.deleteIfExists(socket)
    val token = newToken()
    val process = SidecarProcess.start(binary, socket, token, gen, settings.memoryBudget, settings.spillCompression,
      settings.broadcastCacheBytes)
    try {
      val (connection, response) = awaitHandshake(process, socket, token)
      SidecarHandle(gen, process, socket, connection, response)
    } catch {
      case e: Throwable =>
        SidecarProcess.stop(process, graceMs = 1000)
        Files.deleteIfExists(socket)
        throw e
    }
  }

  /** Polls for the socket, then retries the handshake until it answers or time runs out. */
  private def awaitHandshake(
      process: Process,
      socket: Path,
      token: String): (SidecarConnection, HandshakeResponse) = {
    val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.startupTimeoutMs)
    var connection: SidecarConnection = null
    var lastFailure: Throwable = null
    try {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive) {
          throw new SidecarUnavailableException(
            s"ember-sidecar (pid ${process.pid()}) exited with code ${process.exitValue()} during " +
              "startup; its output is logged by logger dev.ember.sidecar")
        }
        if (Files.exists(socket)) {
          if (connection == null) connection = new SidecarConnection(socket, token)
          try {
            val response = connection.handshake(HandshakeTimeoutMs)
            val result = (connection, response)
            connection = null // ownership passes to the caller
            return result
          } catch {
            case e: StatusRuntimeException if e.getStatus.getCode == Status.Code.UNAVAILABLE =>
              lastFailure = e
          }
        }
        Thread.sleep(PollIntervalMs)
      }
      throw new SidecarUnavailableException(
        s"ember-sidecar (pid ${process.pid()}) did not answer the handshake on $socket within " +
          s"${settings.startupTimeoutMs} ms (spark.ember.sidecar.startupTimeout)", lastFailure)
    } finally {
      if (connection != null) connection.close()
    }
  }

  /** Makes `handle` current; false (and stops it) when the supervisor was stopped meanwhile. */
  private def publish(handle: SidecarHandle): Boolean = {
    val accepted = lock.synchronized {
      if (stopped) false
      else {
        current = Some(handle)
        lastError = None
        lock.notifyAll()
        true
      }
    }
    if (!accepted) shutdownHandle(handle)
    accepted
  }

  private def unpublish(handle: SidecarHandle): Unit = {
    lock.synchronized {
      if (current.contains(handle)) current = None
    }
    try handle.connection.close() catch { case NonFatal(_) => }
    Files.deleteIfExists(handle.socketPath)
  }

  private def setFatal(e: Throwable): Unit = lock.synchronized {
    fatal = Some(e)
    lock.notifyAll()
  }

  private def shutdownHandle(handle: SidecarHandle): Unit = {
    try handle.connection.close() catch { case NonFatal(_) => }
    SidecarProcess.stop(handle.process)
    Files.deleteIfExists(handle.socketPath)
  }
}

object SidecarSupervisor {
  private val log = LoggerFactory.getLogger(classOf[SidecarSupervisor])

  val InitialBackoffMs = 100L
  val MaxBackoffMs = 30000L
  /** A sidecar that ran this long resets the backoff. */
  val StableUptimeMs = 10000L
  /** Consecutive failed launches after which Ember gives up. */
  val MaxFailedLaunches = 8
  val HandshakeTimeoutMs = 2000L
  val PollIntervalMs = 20L
  /** How long a task waits to see whether its sidecar died before calling it transient. */
  val RecoverGraceMs = 1000L
  /** Unix socket paths are limited to 108 bytes including the NUL. */
  val MaxSocketPathLength = 100

  private val random = new SecureRandom()

  /** 32 random bytes, hex. */
  def newToken(): String = {
    val bytes = new Array[Byte](32)
    random.nextBytes(bytes)
    bytes.map(b => f"${b & 0xff}%02x").mkString
  }

  /** A fresh directory under `parent` that only this user can use. */
  def privateDir(parent: Path): Path = {
    Files.createDirectories(parent)
    Files.createTempDirectory(parent, "ember-",
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
  }

  private def deleteRecursively(dir: Path): Unit =
    try {
      if (Files.exists(dir)) {
        val paths = Files.walk(dir)
        try paths.sorted(Comparator.reverseOrder[Path]()).forEach(p => Files.deleteIfExists(p))
        finally paths.close()
      }
    } catch {
      case NonFatal(e) => log.warn(s"Could not remove $dir: ${e.getMessage}")
    }
}
