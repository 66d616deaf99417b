package dev.ember.spark.sidecar

import java.io.{BufferedReader, InputStream, InputStreamReader}
import java.nio.charset.StandardCharsets
import java.nio.file.Path
import java.util.concurrent.TimeUnit

import scala.collection.JavaConverters._

import org.slf4j.{Logger, LoggerFactory}

/** Starting and stopping the ember-sidecar process. */
object SidecarProcess {

  /** The logger that receives the sidecar's own log lines. */
  val sidecarLog: Logger = LoggerFactory.getLogger("dev.ember.sidecar")

  /** The environment variable that carries the per-launch token (never argv). */
  val TokenEnv = "EMBER_SIDECAR_TOKEN"

  /**
   * Starts `binary --socket <socket> --parent-pid <this JVM's pid> --memory-budget <bytes>
   * --spill-compression <codec> --broadcast-cache-bytes <bytes>` with the token in its environment, and forwards its stderr
   * and stdout lines to [[sidecarLog]].
   */
  def start(
      binary: Path,
      socket: Path,
      token: String,
      generation: Long,
      memoryBudget: Long = 0L,
      spillCompression: String = "lz4",
      broadcastCacheBytes: Long = 0L): Process = {
    val command = Seq(
      binary.toString,
      "--socket", socket.toString,
      "--parent-pid", ProcessHandle.current().pid().toString,
      "--memory-budget", memoryBudget.toString,
      "--spill-compression", spillCompression,
      "--broadcast-cache-bytes", broadcastCacheBytes.toString)
    val builder = new ProcessBuilder(command.asJava)
    builder.environment().put(TokenEnv, token)
    builder.redirectInput(ProcessBuilder.Redirect.PIPE)
    val process = builder.start()
    process.getOutputStream.close()
    forward(process.getErrorStream, s"ember-sidecar-stderr-$generation", process.pid())
    forward(process.getInputStream, s"ember-sidecar-stdout-$generation", process.pid())
    process
  }

  /** SIGTERM, up to `graceMs` to exit, then SIGKILL. */
  def stop(process: Process, graceMs: Long = 5000): Unit = {
    if (process.isAlive) {
      process.destroy()
      if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
        sidecarLog.warn(s"ember-sidecar (pid ${process.pid()}) did not exit ${graceMs} ms after " +
          "SIGTERM; killing it")
        process.destroyForcibly()
        process.waitFor(2, TimeUnit.SECONDS)
      }
    }
  }

  /** Logs each line of `in` at the level the sidecar gave it (`level=ERROR` etc.), else INFO. */
  private def forward(in: InputStream, threadName: String, pid: Long): Unit = {
    val t = new Thread(() => {
      val reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
      try {
        var line = reader.readLine()
        while (line != null) {
          logLine(s"[pid $pid] $line")
          line = reader.readLine()
        }
      } catch {
        case _: java.io.IOException => // the process went away
      } finally {
        reader.close()
      }
    }, threadName)
    t.setDaemon(true)
    t.start()
  }

  private def logLine(line: String): Unit =
    if (line.contains("level=ERROR")) sidecarLog.error(line)
    else if (line.contains("level=WARN")) sidecarLog.warn(line)
    else if (line.contains("level=DEBUG")) sidecarLog.debug(line)
    else sidecarLog.info(line)
}
