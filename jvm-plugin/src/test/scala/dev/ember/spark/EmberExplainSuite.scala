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
}
