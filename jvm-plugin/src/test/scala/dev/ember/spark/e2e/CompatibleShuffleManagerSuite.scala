package dev.ember.spark.e2e

import scala.collection.JavaConverters._

import dev.ember.spark.{EmberConf, EmberExplain, EmberPlugin, EmberTags, LocalSparkSession, TestSidecar}
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.ember.{DelegatingShuffleManager, EmberShuffleExchangeExec}
import org.apache.spark.sql.execution.SparkPlan
import org.apache.spark.sql.execution.adaptive.{AdaptiveSparkPlanExec, QueryStageExec}
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec

/**
 * Native shuffle exchanges under a shuffle manager other than Spark's sort shuffle manager
 * (as with Comet's, which a session running both Comet and Ember has): native when the
 * manager is listed in `spark.ember.shuffle.compatibleManagers`, Spark's exchange with the
 * reason when it is not. Answers equal Spark's with Ember off.
 */
class CompatibleShuffleManagerSuite extends AnyFunSuite with LocalSparkSession {

  private val absent = TestSidecar.absentReason
  private val manager = classOf[DelegatingShuffleManager].getName

  override protected def sparkConf: Map[String, String] =
    Map("spark.plugins" -> classOf[EmberPlugin].getName, "spark.shuffle.manager" -> manager,
      EmberConf.SHUFFLE_COMPATIBLE_MANAGERS.key -> manager) ++ TestSidecar.sparkConf

  private def requireSidecar(): Unit = absent.foreach { reason =>
    println(s"CompatibleShuffleManagerSuite: skipped: $reason")
    cancel(reason)
  }

  private def allNodes(plan: SparkPlan): Seq[SparkPlan] = plan match {
    case a: AdaptiveSparkPlanExec => a +: allNodes(a.executedPlan)
    case q: QueryStageExec => q +: allNodes(q.plan)
    case p => p +: p.children.flatMap(allNodes)
  }

  /** Two Parquet tables (written with Ember off), so the regions below the exchanges are native. */
  private lazy val tables: Unit = withSQLConf("spark.ember.enabled" -> "false") {
    for ((name, rows, mod) <- Seq(("csm_a", 20000, 97), ("csm_b", 5000, 89))) {
      val path = new java.io.File(tempDir, s"$name.parquet").getAbsolutePath
      spark.range(0, rows, 1, 3).selectExpr(s"id % $mod AS k", "id AS v").write.parquet(path)
      spark.read.parquet(path).createOrReplaceTempView(name)
    }
  }

  // The join's two exchanges and the aggregate's (its key is not the join's).
  private val query =
    "SELECT b.v % 7 AS g, count(*), sum(a.v) FROM csm_a a JOIN csm_b b ON a.k = b.k GROUP BY b.v % 7"

  /** Ember's plan for [[query]], after checking its rows equal Spark's. */
  private def run(): SparkPlan = {
    tables
    val df = spark.sql(query)
    val native = df.collect().map(_.toString).sorted.toSeq
    val expected = withSQLConf("spark.ember.enabled" -> "false")(spark.sql(query).collect().map(_.toString).sorted.toSeq)
    assert(native.size === 7)
    assert(native === expected)
    df.queryExecution.executedPlan
  }

  test("a listed shuffle manager: the exchanges are native, with AQE on and off") {
    requireSidecar()
    assert(spark.sparkContext.getConf.get("spark.shuffle.manager") === manager)
    for (aqe <- Seq("true", "false")) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe, "spark.sql.autoBroadcastJoinThreshold" -> "-1") {
        val plan = run()
        val nodes = allNodes(plan)
        assert(nodes.collect { case e: EmberShuffleExchangeExec => e }.size >= 3, plan)
        assert(nodes.collect { case e: ShuffleExchangeExec => e }.isEmpty, plan)
        assert(EmberExplain.sparkExchanges(plan).isEmpty, plan)
      }
    }
  }

  test("a shuffle manager not listed: Spark's exchanges stay, with the reason") {
    requireSidecar()
    withSQLConf(EmberConf.SHUFFLE_COMPATIBLE_MANAGERS.key -> "", "spark.sql.autoBroadcastJoinThreshold" -> "-1") {
      val plan = run()
      val nodes = allNodes(plan)
      val exchanges = nodes.collect { case e: ShuffleExchangeExec => e }
      assert(exchanges.nonEmpty && nodes.collect { case e: EmberShuffleExchangeExec => e }.isEmpty, plan)
      exchanges.foreach { e =>
        val reasons = e.getTagValue(EmberTags.FallbackReasons).getOrElse(Nil)
        assert(reasons.exists(_.contains(EmberConf.SHUFFLE_COMPATIBLE_MANAGERS.key)), reasons)
      }
      // Every one is listed as a Spark exchange, with its reason.
      val listed = EmberExplain.sparkExchanges(plan).asScala
      assert(listed.size === exchanges.size, listed)
      assert(listed.forall(_.contains(EmberConf.SHUFFLE_COMPATIBLE_MANAGERS.key)), listed)
    }
  }
}
