package dev.ember.spark

import java.io.File
import java.nio.file.{Files, Path, Paths}

import dev.ember.spark.sidecar.SidecarBinary
import org.scalatest.{BeforeAndAfterAll, Suite}

import org.apache.spark.sql.SparkSession

/** Where the end-to-end tests find an ember-sidecar binary, if anywhere. */
object TestSidecar {

  /** `-Dember.sidecar.path=...`, when it names an executable. */
  def configuredPath: Option[Path] =
    // Maven passes an unset property as "" or "null".
    Option(System.getProperty("ember.sidecar.path")).map(_.trim).filter(p => p.nonEmpty && p != "null")
      .map(p => Paths.get(p).toAbsolutePath)

  /** Why no binary is available, or None when one is (configured or bundled). */
  def absentReason: Option[String] = configuredPath match {
    case Some(p) if Files.isExecutable(p) => None
    case Some(p) => Some(s"-Dember.sidecar.path=$p is not an executable file")
    case None if SidecarBinary.bundled => None
    case None =>
      Some("no ember-sidecar binary: pass -Dember.sidecar.path=... or build with the binaries " +
        "under ../build/sidecar (without -Dember.skipNative=true)")
  }

  /** Spark conf entries that make Ember use the test binary. */
  def sparkConf: Map[String, String] =
    configuredPath.map(p => Map(EmberConf.SIDECAR_PATH.key -> p.toString)).getOrElse(Map.empty)
}

/** A local[2] SparkSession per suite, built from [[sparkConf]]. */
trait LocalSparkSession extends BeforeAndAfterAll { self: Suite =>

  /** Extra Spark settings for this suite. */
  protected def sparkConf: Map[String, String] = Map.empty

  @transient private var _spark: SparkSession = _
  private var _tempDir: File = _

  protected def spark: SparkSession = _spark

  /** A directory removed after the suite. */
  protected def tempDir: File = _tempDir

  override protected def beforeAll(): Unit = {
    super.beforeAll()
    _tempDir = Files.createTempDirectory("ember-test-").toFile
    val builder = SparkSession.builder()
      .master("local[2]")
      .appName(getClass.getSimpleName)
      .config("spark.ui.enabled", "false")
      .config("spark.sql.shuffle.partitions", "2")
      .config("spark.sql.session.timeZone", "UTC")
      .config("spark.local.dir", new File(_tempDir, "local").getAbsolutePath)
      .config("spark.sql.warehouse.dir", new File(_tempDir, "warehouse").getAbsolutePath)
    sparkConf.foreach { case (k, v) => builder.config(k, v) }
    _spark = builder.getOrCreate()
  }

  override protected def afterAll(): Unit = {
    try {
      if (_spark != null) _spark.stop()
      SparkSession.clearActiveSession()
      SparkSession.clearDefaultSession()
      deleteRecursively(_tempDir)
    } finally {
      super.afterAll()
    }
  }

  /** Runs `body` with the given session settings, restoring them afterwards. */
  protected def withSQLConf[T](pairs: (String, String)*)(body: => T): T = {
    val previous = pairs.map { case (k, _) => k -> spark.conf.getOption(k) }
    pairs.foreach { case (k, v) => spark.conf.set(k, v) }
    try body
    finally previous.foreach {
      case (k, Some(v)) => spark.conf.set(k, v)
      case (k, None) => spark.conf.unset(k)
    }
  }

  private def deleteRecursively(f: File): Unit = if (f != null && f.exists()) {
    Option(f.listFiles()).foreach(_.foreach(deleteRecursively))
    f.delete()
  }
}
