package dev.ember.spark

import scala.collection.JavaConverters._

import org.scalatest.funsuite.AnyFunSuite

/** EmberExplain reports the Spark nodes of a plan with Ember's reasons. */
class EmberExplainSuite extends AnyFunSuite with LocalSparkSession {

  override protected def sparkConf: Map[String, String] =
    Map("spark.sql.extensions" -> classOf[EmberSessionExtensions].getName)

  test("a declined Project is reported with its reason; the scan and filter are native") {
    val path = new java.io.File(tempDir, "t").getPath
    spark.range(10).selectExpr("id", "cast(id as string) as s").write.parquet(path)
    val df = spark.read.parquet(path).where("id > 3").selectExpr("initcap(s) AS u")
    val plan = df.queryExecution.executedPlan
    val fallbacks = EmberExplain.fallbacks(plan).asScala
    val project = fallbacks.find(_.startsWith("Project\t"))
    assert(project.exists(_.contains("InitCap")), fallbacks)
    assert(EmberExplain.nativeNodes(plan).asScala.exists(_.contains("ParquetScan")), EmberExplain.nativeNodes(plan))
    assert(!fallbacks.exists(_.startsWith("ColumnarToRow")), fallbacks)
  }

  test("a result Spark proved empty is no fallback; a local relation with rows is one") {
    val path = new java.io.File(tempDir, "e").getPath
    spark.range(10).selectExpr("id").write.parquet(path)
    val empty = spark.read.parquet(path).where("1 = 0").queryExecution.executedPlan
    assert(empty.collectFirst { case l: org.apache.spark.sql.execution.LocalTableScanExec => l }.nonEmpty, empty)
    assert(EmberExplain.fallbacks(empty).isEmpty, empty)
    val values = spark.sql("SELECT * FROM VALUES (1), (2) AS v(x)").queryExecution.executedPlan
    assert(EmberExplain.fallbacks(values).asScala.exists(_.startsWith("LocalTableScan\t")), values)
  }
}
