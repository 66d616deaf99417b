package dev.ember.spark.e2e

import java.io.File

import dev.ember.spark.{EmberSessionExtensions, LocalSparkSession, TestSidecar}
import dev.ember.spark.exec.EmberExec
import dev.ember.spark.sidecar.SidecarManager
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.SparkException

/**
 * Ember's extensions without its plugin (so no executor plugin starts a sidecar): the
 * first native task starts the sidecar itself.
 */
class LazySidecarSuite extends AnyFunSuite with LocalSparkSession {

  override protected def sparkConf: Map[String, String] =
    Map("spark.sql.extensions" -> classOf[EmberSessionExtensions].getName) ++ TestSidecar.sparkConf

  override protected def afterAll(): Unit = {
    try SidecarManager.stop()
    finally super.afterAll()
  }

  test("a task starts the sidecar when no executor plugin did") {
    TestSidecar.absentReason.foreach { reason =>
      println(s"LazySidecarSuite: skipped: $reason")
      cancel(reason)
    }
    SidecarManager.stop()
    assert(SidecarManager.active.isEmpty)
    val path = new File(tempDir, "lazy.parquet").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(100).selectExpr("cast(id AS int) AS i").write.parquet(path)
    }
    val df = spark.read.parquet(path)
    assert(df.queryExecution.executedPlan.collect { case e: EmberExec => e }.nonEmpty)
    val caps = try {
      assert(df.collect().map(_.getInt(0)).sorted.toSeq === (0 until 100))
      "ran natively"
    } catch {
      // A sidecar that cannot run ParquetScan yet still proves it was started and reached.
      case e: SparkException if Option(e.getMessage).exists(_.contains("Ember sidecar error: UNIMPLEMENTED")) =>
        "the sidecar answered UNIMPLEMENTED"
    }
    println(s"LazySidecarSuite: $caps")
    val handle = SidecarManager.active.getOrElse(fail("no sidecar was started")).awaitReady()
    assert(handle.process.isAlive)
  }
}
