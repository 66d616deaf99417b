package org.apache.spark.ember

import dev.ember.spark.{EmberPlugin, LocalSparkSession, TestSidecar}
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.SparkEnv
import org.apache.spark.sql.execution.SparkPlan
import org.apache.spark.sql.execution.adaptive.{AdaptiveSparkPlanExec, QueryStageExec}

/**
 * A native shuffle's files go when Spark unregisters the shuffle (what the ContextCleaner
 * does once the shuffle's dependency is garbage collected): the map tasks registered their
 * map ids with the shuffle manager (EmberShuffleWriteProcessor asks it for a writer), so its
 * `unregisterShuffle` removes the data and index files the sidecar wrote. (Lives here for
 * the cleaner and the disk block manager.)
 */
class NativeShuffleCleanupSuite extends AnyFunSuite with LocalSparkSession {

  override protected def sparkConf: Map[String, String] =
    Map("spark.plugins" -> classOf[EmberPlugin].getName) ++ TestSidecar.sparkConf

  private def allNodes(plan: SparkPlan): Seq[SparkPlan] = plan match {
    case a: AdaptiveSparkPlanExec => a +: allNodes(a.executedPlan)
    case q: QueryStageExec => q +: allNodes(q.plan)
    case p => p +: p.children.flatMap(allNodes)
  }

  /** The names of the shuffle files of `shuffleId` in the block manager's local directories. */
  private def shuffleFiles(shuffleId: Int): Seq[String] =
    SparkEnv.get.blockManager.diskBlockManager.getAllFiles().map(_.getName)
      .filter(n => n.startsWith(s"shuffle_${shuffleId}_") && (n.endsWith(".data") || n.endsWith(".index")))

  test("unregistering a native shuffle deletes its data and index files") {
    TestSidecar.absentReason.foreach { reason =>
      println(s"NativeShuffleCleanupSuite: skipped: $reason")
      cancel(reason)
    }
    val path = new java.io.File(tempDir, "t").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(0, 50000, 1, 3).selectExpr("id % 101 AS k", "id AS v").write.parquet(path)
    }
    val df = spark.read.parquet(path).groupBy("k").sum("v")
    assert(df.collect().length === 101)
    val exchanges = allNodes(df.queryExecution.executedPlan).collect { case e: EmberShuffleExchangeExec => e }
    assert(exchanges.nonEmpty, df.queryExecution.executedPlan)
    val shuffleId = exchanges.head.shuffleDependency.shuffleId
    val before = shuffleFiles(shuffleId)
    // Each map task wrote a data file (it has rows) and an index file.
    val mappers = exchanges.head.numMappers
    assert(mappers > 0)
    assert(before.count(_.endsWith(".data")) === mappers, before)
    assert(before.count(_.endsWith(".index")) === mappers, before)
    spark.sparkContext.cleaner.get.doCleanupShuffle(shuffleId, blocking = true)
    assert(shuffleFiles(shuffleId).isEmpty, shuffleFiles(shuffleId))
  }
}
