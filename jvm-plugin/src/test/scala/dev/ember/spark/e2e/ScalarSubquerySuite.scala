package dev.ember.spark.e2e

import java.io.File

import dev.ember.spark.{EmberPlugin, LocalSparkSession, TestSidecar}
import dev.ember.spark.exec.{EmberExec, ScalarSubqueryValues}
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.SparkException
import org.apache.spark.sql.Row
import org.apache.spark.sql.execution.{FilterExec, ProjectExec, ScalarSubquery, SparkPlan}
import org.apache.spark.sql.execution.adaptive.{AdaptiveSparkPlanExec, QueryStageExec}
import org.apache.spark.sql.execution.aggregate.HashAggregateExec

/**
 * Scalar subqueries in native regions, on real Spark with the sidecar: the region holds a
 * placeholder, Spark computes the subquery, the region runs with its value. Each query runs
 * with AQE on and off (AQE plans subqueries itself and may reuse them) and must return what
 * Spark returns with Ember off, with the operators holding the subquery native.
 */
class ScalarSubquerySuite extends AnyFunSuite with LocalSparkSession {

  override protected def sparkConf: Map[String, String] =
    Map("spark.plugins" -> classOf[EmberPlugin].getName) ++ TestSidecar.sparkConf

  private lazy val table: String = {
    val path = new File(tempDir, "subquery.parquet").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(0, 3000, 1, 3).selectExpr(
        "CASE WHEN id % 11 = 0 THEN NULL ELSE cast(id % 200 - 100 AS int) END AS i",
        "CASE WHEN id % 5 = 0 THEN NULL ELSE cast(id * 37 % 100000 AS decimal(12, 2)) / 3 END AS d",
        "CASE WHEN id % 9 = 0 THEN NULL ELSE concat('s', cast(id % 17 AS string)) END AS s",
        "CASE WHEN id % 17 = 0 THEN NULL ELSE date_add(date'1999-12-01', cast(id % 400 AS int)) END AS dt",
        "cast(id % 40 AS int) AS g")
        .write.parquet(path)
    }
    spark.read.parquet(path).createOrReplaceTempView("sq_t")
    path
  }

  private def requireSidecar(): Unit = TestSidecar.absentReason.foreach { reason =>
    println(s"ScalarSubquerySuite: skipped: $reason")
    cancel(reason)
  }

  /** Every node of an executed plan, looking inside adaptive plans and query stages. */
  private def allNodes(plan: SparkPlan): Seq[SparkPlan] = plan match {
    case a: AdaptiveSparkPlanExec => a +: allNodes(a.executedPlan)
    case q: QueryStageExec => q +: allNodes(q.plan)
    case p => p +: p.children.flatMap(allNodes)
  }

  private def sorted(rows: Array[Row]): Seq[String] = rows.map(_.toString).toSeq.sorted

  /**
   * Runs `sql` with Ember on (AQE on and off) and off: the answers must be equal, and no Spark
   * Filter, Project or hash aggregate may hold a scalar subquery (they ran natively, with
   * the value in place of the placeholder).
   */
  private def checkNative(sql: String, holdsSubquery: Boolean = true): Seq[Row] = {
    requireSidecar()
    table
    val expected = withSQLConf("spark.ember.enabled" -> "false")(spark.sql(sql).collect())
    for (aqe <- Seq("true", "false")) withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
      val df = spark.sql(sql)
      val native = df.collect()
      val nodes = allNodes(df.queryExecution.executedPlan)
      val holders = nodes.filter {
        case _: FilterExec | _: ProjectExec | _: HashAggregateExec => true
        case _ => false
      }.filter(_.expressions.exists(_.exists(_.isInstanceOf[ScalarSubquery])))
      assert(holders.isEmpty, s"AQE $aqe: a scalar subquery stayed in Spark:\n${df.queryExecution.executedPlan}")
      val regions = nodes.collect { case e: EmberExec if e.scalarSubqueries.nonEmpty => e }
      assert(regions.nonEmpty == holdsSubquery, s"AQE $aqe: regions holding a scalar subquery: ${regions.size}:\n${df.queryExecution.executedPlan}")
      regions.foreach(r => assert(ScalarSubqueryValues.placeholders(r.nativePlan).toSet ===
        r.scalarSubqueries.map(_.asInstanceOf[ScalarSubquery].exprId.id).toSet))
      assert(sorted(native) === sorted(expected), s"AQE $aqe: $sql")
    }
    expected.toSeq
  }

  test("in WHERE, comparing with an int and a decimal") {
    assert(checkNative("SELECT i, d FROM sq_t WHERE i > (SELECT avg(i) FROM sq_t) AND " +
      "d < (SELECT max(d) / 2 FROM sq_t WHERE g = 3)").nonEmpty)
  }

  test("in HAVING, over a native aggregate") {
    assert(checkNative("SELECT g, sum(d) AS total FROM sq_t GROUP BY g " +
      "HAVING sum(d) > (SELECT sum(d) / 50 FROM sq_t)").nonEmpty)
  }

  test("in a projection, of string, date and decimal types") {
    checkNative("SELECT i, (SELECT max(s) FROM sq_t) AS ms, (SELECT min(dt) FROM sq_t WHERE g = 1) AS md, " +
      "d + (SELECT min(d) FROM sq_t) AS dd, concat(s, (SELECT min(s) FROM sq_t WHERE g = 2)) AS cs FROM sq_t WHERE g < 5")
  }

  test("a subquery that returns no row is NULL") {
    val rows = checkNative("SELECT i, (SELECT max(i) FROM sq_t WHERE g > 100) AS none FROM sq_t WHERE g = 1 AND " +
      "coalesce((SELECT max(s) FROM sq_t WHERE g < 0), 'x') = 'x'")
    assert(rows.nonEmpty && rows.forall(_.isNullAt(1)))
    assert(checkNative("SELECT i FROM sq_t WHERE i = (SELECT first(i) FROM sq_t WHERE g > 100)").isEmpty)
  }

  test("one subquery used twice, and a subquery whose own plan is native") {
    checkNative("SELECT g, count(*) FROM sq_t WHERE d > (SELECT avg(d) FROM sq_t) GROUP BY g " +
      "HAVING count(*) > (SELECT count(*) / 100 FROM sq_t WHERE d > (SELECT avg(d) FROM sq_t))")
  }

  test("more than one row fails as Spark fails") {
    requireSidecar()
    table
    val e = intercept[SparkException](spark.sql("SELECT i FROM sq_t WHERE i > (SELECT i FROM sq_t)").collect())
    assert(e.getMessage.contains("SCALAR_SUBQUERY_TOO_MANY_ROWS") || e.getMessage.contains("more than one row"), e)
  }

  test("a correlated subquery stays what Spark plans (a join) and matches") {
    checkNative("SELECT g, i FROM sq_t x WHERE i > (SELECT avg(i) FROM sq_t y WHERE y.g = x.g)", holdsSubquery = false)
  }
}
