package dev.ember.spark.e2e

import java.io.File

import dev.ember.spark.{EmberPlugin, LocalSparkSession, TestSidecar}
import dev.ember.spark.exec.EmberExec
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.ember.EmberShuffleExchangeExec
import org.apache.spark.sql.{DataFrame, Row}
import org.apache.spark.sql.execution.{ColumnarToRowExec, RowToColumnarExec, SparkPlan}
import org.apache.spark.sql.execution.adaptive.{AdaptiveSparkPlanExec, AQEShuffleReadExec, QueryStageExec}
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec

/**
 * Native shuffle exchanges (`spark.ember.shuffle.enabled`) with Spark local[2] and the real
 * sidecar: map tasks write Spark's shuffle files natively, the regions above read the
 * blocks; answers equal Spark's with Ember off, with AQE on and off.
 */
class NativeShuffleSuite extends AnyFunSuite with LocalSparkSession {

  private val absent = TestSidecar.absentReason

  override protected def sparkConf: Map[String, String] =
    Map("spark.plugins" -> classOf[EmberPlugin].getName) ++ TestSidecar.sparkConf

  private lazy val table: String = {
    val path = new File(tempDir, "shuffle.parquet").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(0, 20000, 1, 4).selectExpr(
        "CASE WHEN id % 11 = 0 THEN NULL ELSE cast(id % 200 - 100 AS int) END AS i",
        "CASE WHEN id % 13 = 0 THEN NULL ELSE (id - 2500) * 10000000019 END AS l",
        "CASE WHEN id % 7 = 0 THEN NULL ELSE cast(id AS double) / 8 - 300 END AS x",
        "CASE WHEN id % 5 = 0 THEN NULL ELSE cast(id * 37 % 100000 AS decimal(12, 2)) / 3 END AS d",
        "CASE WHEN id % 9 = 0 THEN NULL ELSE concat('s', cast(id % 17 AS string)) END AS s",
        "CASE WHEN id % 17 = 0 THEN NULL ELSE date_add(date'1969-12-01', cast(id % 1000 AS int)) END AS dt",
        "CASE WHEN id < 6000 THEN 7 ELSE cast(id % 100 AS int) END AS skew")
        .write.parquet(path)
    }
    spark.read.parquet(path).createOrReplaceTempView("ns_t")
    path
  }

  private def requireSidecar(): Unit = absent.foreach { reason =>
    println(s"NativeShuffleSuite: skipped: $reason")
    cancel(reason)
  }

  private def allNodes(plan: SparkPlan): Seq[SparkPlan] = plan match {
    case a: AdaptiveSparkPlanExec => a +: allNodes(a.executedPlan)
    case q: QueryStageExec => q +: allNodes(q.plan)
    case p => p +: p.children.flatMap(allNodes)
  }

  private def sorted(rows: Array[Row]): Seq[String] = rows.map(_.toString).toSeq.sorted

  /** Runs `q` with Ember on and off; returns Ember's plan nodes after checking the rows match. */
  private def check(q: () => DataFrame): Seq[SparkPlan] = {
    table
    val df = q()
    val native = df.collect()
    val nodes = allNodes(df.queryExecution.executedPlan)
    val expected = withSQLConf("spark.ember.enabled" -> "false")(q().collect())
    assert(native.nonEmpty)
    assert(sorted(native) === sorted(expected), df.queryExecution.executedPlan)
    nodes
  }

  /** No transition between an Ember node and an Ember node below it. */
  private def noTransitionsBetweenRegions(nodes: Seq[SparkPlan]): Unit = {
    val bad = nodes.filter {
      case t @ (_: ColumnarToRowExec | _: RowToColumnarExec) =>
        t.children.exists(c => allNodes(c).headOption.exists(n =>
          n.isInstanceOf[EmberExec] || n.isInstanceOf[EmberShuffleExchangeExec]))
      case _ => false
    }
    assert(bad.isEmpty, nodes.head)
  }

  test("a GROUP BY runs across a native exchange, with AQE on and off") {
    requireSidecar()
    for (aqe <- Seq("true", "false")) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        val nodes = check(() => spark.sql("SELECT s, dt, sum(i), count(*), max(d) FROM ns_t WHERE i > -50 GROUP BY s, dt"))
        val exchanges = nodes.collect { case e: EmberShuffleExchangeExec => e }
        assert(exchanges.nonEmpty, nodes.head)
        assert(nodes.collect { case e: ShuffleExchangeExec => e }.isEmpty, nodes.head)
        noTransitionsBetweenRegions(nodes)
        assert(exchanges.head.metrics("shuffleRecordsWritten").value > 0)
        // The region above reads the blocks: no conversion, a native input.
        assert(nodes.exists { case e: EmberExec => e.inputs.nonEmpty; case _ => false }, nodes.head)
      }
    }
  }

  test("joins over two native exchanges, and over one native and one Spark exchange, with AQE on and off") {
    requireSidecar()
    spark.udf.register("plus_one", (v: Int) => v + 1)
    withSQLConf("spark.sql.autoBroadcastJoinThreshold" -> "-1") {
      for (aqe <- Seq("true", "false"); typ <- Seq("INNER", "LEFT OUTER", "FULL OUTER")) {
        withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
          val nodes = check(() => spark.sql(
            s"SELECT a.i, a.s, b.l, b.d FROM ns_t a $typ JOIN ns_t b ON a.i = b.i AND a.s = b.s WHERE a.i > 20"))
          assert(nodes.collect { case e: EmberShuffleExchangeExec => e }.size >= 2, nodes.head)
          assert(nodes.collect { case e: ShuffleExchangeExec => e }.isEmpty, nodes.head)
          noTransitionsBetweenRegions(nodes)
          // One side computes a UDF below its exchange: that exchange stays in Spark.
          val mixed = check(() => spark.sql(
            s"SELECT a.i, a.s, b.l FROM ns_t a $typ JOIN (SELECT plus_one(i) AS i, s, l FROM ns_t) b " +
              "ON a.i = b.i AND a.s = b.s WHERE a.i > 20"))
          assert(mixed.collect { case e: EmberShuffleExchangeExec => e }.nonEmpty, mixed.head)
          assert(mixed.collect { case e: ShuffleExchangeExec => e }.nonEmpty, mixed.head)
          assert(mixed.exists { case e: EmberExec => e.zipInputs; case _ => false }, mixed.head)
        }
      }
    }
  }

  test("AQE coalesces a native exchange's partitions") {
    requireSidecar()
    withSQLConf("spark.sql.adaptive.enabled" -> "true", "spark.sql.shuffle.partitions" -> "40",
        "spark.sql.adaptive.coalescePartitions.enabled" -> "true", "spark.sql.adaptive.advisoryPartitionSizeInBytes" -> "1m") {
      val nodes = check(() => spark.sql("SELECT s, sum(l), count(*) FROM ns_t GROUP BY s"))
      val reads = nodes.collect { case r: AQEShuffleReadExec => r }
      assert(reads.nonEmpty && reads.forall(r => r.partitionSpecs.size < 40), nodes.head)
      assert(reads.exists(r => NativeShuffleInputs.isNative(r)), nodes.head)
    }
  }

  test("AQE splits a skewed partition of a join over native exchanges") {
    requireSidecar()
    withSQLConf("spark.sql.adaptive.enabled" -> "true", "spark.sql.autoBroadcastJoinThreshold" -> "-1",
        "spark.sql.shuffle.partitions" -> "8",
        "spark.sql.adaptive.skewJoin.enabled" -> "true", "spark.sql.adaptive.skewJoin.skewedPartitionFactor" -> "1",
        "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes" -> "1k",
        "spark.sql.adaptive.advisoryPartitionSizeInBytes" -> "2k",
        "spark.sql.adaptive.coalescePartitions.enabled" -> "false") {
      // Nothing above the join needs its partitioning: AQE splits only when that adds no shuffle.
      val nodes = check(() => spark.sql(
        "SELECT a.skew, a.l, b.l FROM ns_t a JOIN (SELECT skew, l FROM ns_t WHERE i = 99) b ON a.skew = b.skew"))
      val reads = nodes.collect { case r: AQEShuffleReadExec => r }
      assert(reads.exists(_.hasSkewedPartition), nodes.head)
      assert(reads.forall(r => NativeShuffleInputs.isNative(r)), nodes.head)
    }
  }

  test("a Spark operator above a native exchange reads its decoded batches") {
    requireSidecar()
    spark.udf.register("twice", (v: Int) => v * 2)
    for (aqe <- Seq("true", "false")) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        // DISTRIBUTE BY is a hash exchange; the UDF above it runs in Spark.
        val nodes = check(() => spark.sql("SELECT twice(i), s, d FROM (SELECT i, s, d FROM ns_t WHERE i > 0 DISTRIBUTE BY s)"))
        assert(nodes.collect { case e: EmberShuffleExchangeExec => e }.nonEmpty, nodes.head)
        // Round robin over a Parquet region, and a single partition (a global aggregate).
        val rr = check(() => spark.sql("SELECT twice(i), s FROM (SELECT /*+ REPARTITION(5) */ i, s FROM ns_t WHERE i > 0)"))
        assert(rr.collect { case e: EmberShuffleExchangeExec => e }.nonEmpty, rr.head)
        val single = check(() => spark.sql("SELECT count(*), sum(l), max(s) FROM ns_t WHERE i > 0"))
        assert(single.collect { case e: EmberShuffleExchangeExec => e }.nonEmpty, single.head)
      }
    }
  }

  test("spark.ember.shuffle.enabled=false keeps Spark's exchange") {
    requireSidecar()
    withSQLConf("spark.ember.shuffle.enabled" -> "false") {
      val nodes = check(() => spark.sql("SELECT s, count(*) FROM ns_t GROUP BY s"))
      assert(nodes.collect { case e: EmberShuffleExchangeExec => e }.isEmpty, nodes.head)
      assert(nodes.collect { case e: ShuffleExchangeExec => e }.nonEmpty, nodes.head)
    }
  }
}

private object NativeShuffleInputs {
  def isNative(plan: SparkPlan): Boolean = org.apache.spark.ember.NativeShuffleInput.unapply(plan).isDefined
}
