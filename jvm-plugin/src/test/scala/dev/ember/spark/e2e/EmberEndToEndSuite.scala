package dev.ember.spark.e2e

import java.io.File

import scala.collection.JavaConverters._

import dev.ember.spark.{EmberPlugin, EmberSessionExtensions, EmberTags, LocalSparkSession, TestSidecar}
import dev.ember.spark.exec.EmberExec
import dev.ember.spark.sidecar.SidecarManager
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.sql.{DataFrame, Row}
import org.apache.spark.sql.functions.col
import org.apache.spark.sql.execution.{FileSourceScanExec, FilterExec, ProjectExec, SortExec, SparkPlan}
import org.apache.spark.sql.execution.adaptive.{AdaptiveSparkPlanExec, QueryStageExec}
import org.apache.spark.sql.execution.joins.{BroadcastHashJoinExec, ShuffledHashJoinExec, SortMergeJoinExec}

/**
 * Spark (local[2]) with `spark.plugins=dev.ember.spark.EmberPlugin` and the real sidecar:
 * queries run natively and must return exactly what Spark returns with Ember off.
 *
 * Needs a sidecar binary (`-Dember.sidecar.path=...`, or the binaries bundled in the
 * build); without one the tests are skipped with the reason printed. Query tests also need
 * a sidecar that runs the operators of the plan (its handshake capabilities).
 */
class EmberEndToEndSuite extends AnyFunSuite with LocalSparkSession {

  private val absent = TestSidecar.absentReason

  override protected def sparkConf: Map[String, String] =
    Map("spark.plugins" -> classOf[EmberPlugin].getName) ++ TestSidecar.sparkConf

  override protected def beforeAll(): Unit = {
    super.beforeAll()
    absent.foreach(r => println(s"EmberEndToEndSuite: skipping, $r"))
  }

  private lazy val table: String = {
    val path = new File(tempDir, "e2e.parquet").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(0, 5000, 1, 3).selectExpr(
        "CASE WHEN id % 11 = 0 THEN NULL ELSE cast(id % 200 - 100 AS int) END AS i",
        "CASE WHEN id % 13 = 0 THEN NULL ELSE (id - 2500) * 10000000019 END AS l",
        "CASE WHEN id % 7 = 0 THEN NULL ELSE cast(id AS double) / 8 - 300 END AS x",
        "CASE WHEN id % 5 = 0 THEN NULL ELSE cast(id * 37 % 100000 AS decimal(12, 2)) / 3 END AS d",
        "CASE WHEN id % 9 = 0 THEN NULL ELSE concat('s', cast(id % 17 AS string)) END AS s",
        "CASE WHEN id % 17 = 0 THEN NULL ELSE date_add(date'1969-12-01', cast(id AS int)) END AS dt",
        "CASE WHEN id % 19 = 0 THEN NULL ELSE timestamp_micros(id * 123456789) END AS ts",
        "CASE WHEN id % 3 = 0 THEN NULL ELSE id % 2 = 0 END AS b")
        .write.parquet(path)
    }
    path
  }

  private def requireSidecar(operators: String*): Unit = {
    absent.foreach { reason =>
      println(s"EmberEndToEndSuite: skipped: $reason")
      cancel(reason)
    }
    if (operators.nonEmpty) {
      val caps = SidecarManager.active.map(_.awaitReady().handshake.getCapabilitiesList.asScala.toSet)
        .getOrElse(Set.empty[String])
      val missing = operators.filterNot(caps.contains)
      if (missing.nonEmpty) {
        val reason = s"the sidecar does not run ${missing.mkString(", ")} yet (capabilities: " +
          s"${caps.toSeq.sorted.mkString(", ")})"
        println(s"EmberEndToEndSuite: skipped: $reason")
        cancel(reason)
      }
    }
  }

  /**
   * Runs `query` with Ember on and off; the rows must match. With Ember on the whole query
   * must run natively: one EmberExec replacing `nodes` (when given), no Spark scan, filter
   * or project left.
   */
  private def checkNative(query: DataFrame => DataFrame, nodes: Seq[String] = Nil): Unit = {
    val df = query(spark.read.parquet(table))
    val native = df.collect()
    val plan = df.queryExecution.executedPlan
    val embers = plan.collect { case e: EmberExec => e }
    assert(embers.size === 1, plan)
    if (nodes.nonEmpty) assert(embers.map(_.nodeNames) === Seq(nodes), plan)
    assert(plan.collect { case p @ (_: FileSourceScanExec | _: FilterExec | _: ProjectExec) => p }.isEmpty, plan)
    assert(embers.head.metrics("numOutputRows").value === native.length)
    // Each replaced operator reports its own rows; the top one's are the region's.
    val (topId, _) = EmberExec.operators(embers.head.nativePlan).head
    assert(embers.head.metrics(s"op$topId.rows").value === native.length)
    assert(embers.head.metrics(s"op$topId.batches").value === embers.head.metrics("numOutputBatches").value)
    val expected = withSQLConf("spark.ember.enabled" -> "false") {
      val sparkDf = query(spark.read.parquet(table))
      assert(sparkDf.queryExecution.executedPlan.collect { case e: EmberExec => e }.isEmpty)
      sparkDf.collect()
    }
    assert(sorted(native) === sorted(expected))
  }

  private def sorted(rows: Array[Row]): Seq[String] = rows.map(_.toString).toSeq.sorted

  test("the plugin registers the extensions and starts the executor's sidecar") {
    requireSidecar()
    assert(spark.sparkContext.getConf.get("spark.sql.extensions").contains(classOf[EmberSessionExtensions].getName))
    val handle = SidecarManager.active.getOrElse(fail("the executor plugin did not start the sidecar")).awaitReady()
    assert(handle.process.isAlive)
    assert(handle.handshake.getProtocolVersion === 1)
  }

  test("scan of every supported type runs natively") {
    requireSidecar("ParquetScan")
    checkNative(identity, Seq("ParquetScan"))
  }

  test("filter + project over Parquet runs natively and matches Spark") {
    requireSidecar("ParquetScan", "Filter", "Project")
    checkNative(_.where("i > 10 AND s IS NOT NULL").selectExpr("i + 1 AS j", "d", "s"),
      Seq("Project", "Filter", "ParquetScan"))
    checkNative(_.where("(x < 0.0 OR l > 0) AND NOT (s = 's3')").selectExpr("x * 2 AS x2", "l - 1 AS l1", "dt", "ts", "b"),
      Seq("Project", "Filter", "ParquetScan"))
    checkNative(_.where("d IS NULL OR d >= 100").selectExpr("d * d AS dd", "d / 3 AS d3", "cast(i AS double) AS di"),
      Seq("Project", "Filter", "ParquetScan"))
  }

  test("comparisons, null tests, arithmetic and numeric casts match Spark") {
    requireSidecar("ParquetScan", "Filter", "Project")
    val both = Seq("Project", "Filter", "ParquetScan")
    // Columns selected in file order need no Project.
    checkNative(_.where("s <=> 's1' OR i <=> NULL").selectExpr("i", "s"))
    checkNative(_.where("dt >= DATE'1975-01-01' AND s < 's5'").selectExpr("s", "dt", "ts"))
    checkNative(_.where("ts > TIMESTAMP'1970-01-02 00:00:00' OR b").selectExpr("ts", "b", "NOT b AS nb"), both)
    // x < 1.0 rejects NaN, so the pushed filter cannot make parquet-mr skip NaN rows (NanPruning).
    checkNative(_.where("x < 1.0 AND (x > 0.5 OR x <= -100 OR x = 0.0)").selectExpr("x + 1.5 AS a", "x / 3.0 AS c", "i / 0 AS z"), both)
    checkNative(_.where("i IS NOT NULL").selectExpr("i + 1 AS a", "i - 7 AS b", "i * i AS c", "l + l AS ll", "l * 3 AS l3"),
      both)
    checkNative(_.where("d > 0").selectExpr("d * i AS di", "d + l AS dl", "d / 0.07 AS dq", "d - 1.25 AS dm"), both)
    checkNative(_.where("l IS NULL OR l <> 0").selectExpr("CAST(x AS INT) AS xi", "CAST(l AS INT) AS li",
      "CAST(i AS DOUBLE) AS id", "CAST(d AS BIGINT) AS dl", "CAST(l AS DECIMAL(38, 2)) AS ld",
      "CAST(i AS DECIMAL(5, 1)) AS idd", "CAST(d AS DOUBLE) AS dd", "CAST(l AS FLOAT) AS lf",
      "CAST(i AS TINYINT) AS ib", "CAST(l AS SMALLINT) AS ls"), both)
  }

  test("a partial and a final aggregate run natively around a shuffle, with AQE") {
    requireSidecar("ParquetScan", "Filter", "Project")
    val query = (df: DataFrame) => df.where("i > 0").selectExpr("s", "i * 2 AS i2").groupBy("s").sum("i2")
    val df = query(spark.read.parquet(table))
    val native = df.collect()
    val nodes = allNodes(df.queryExecution.executedPlan)
    assert(nodes.exists(_.isInstanceOf[AdaptiveSparkPlanExec]))
    val embers = nodes.collect { case e: EmberExec => e }
    // The partial aggregate joins the scan's region; the final one reads the exchange's rows.
    assert(embers.map(_.nodeNames).toSet ===
      Set(Seq("HashAggregate"), Seq("HashAggregate", "Project", "Filter", "ParquetScan")), df.queryExecution.executedPlan)
    val expected = withSQLConf("spark.ember.enabled" -> "false")(query(spark.read.parquet(table)).collect())
    assert(sorted(native) === sorted(expected))
  }

  test("a region above a shuffle reads the exchange's rows as Arrow, with AQE on and off") {
    requireSidecar("ParquetScan", "Filter", "Project", "ArrowInput")
    // Project alone above an exchange is native only when asked (it rarely pays for the conversion).
    // `big` (about 6 kB a row, computed in Spark) makes Arrow pieces larger than one gRPC message.
    val query = (df: DataFrame) => df.selectExpr("*", "repeat(s, 2000) AS big").repartition(3, df("i"))
      .selectExpr("i + 1 AS j", "l", "x", "d * 2 AS d2", "concat(s, '!') AS s2", "dt", "ts", "b", "big")
    for (aqe <- Seq("true", "false")) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe, "spark.ember.exchangeInput.projectFilter.enabled" -> "true") {
        val df = query(spark.read.parquet(table))
        val native = df.collect()
        val embers = allNodes(df.queryExecution.executedPlan).collect { case e: EmberExec => e }
        val overExchange = embers.filter(_.inputs.nonEmpty)
        assert(overExchange.map(_.nodeNames) === Seq(Seq("Project")), df.queryExecution.executedPlan)
        assert(overExchange.head.metrics("numOutputRows").value === native.length)
        val expected = withSQLConf("spark.ember.enabled" -> "false")(query(spark.read.parquet(table)).collect())
        assert(sorted(native) === sorted(expected))
      }
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        val df = query(spark.read.parquet(table))
        assert(allNodes(df.queryExecution.executedPlan).collect { case e: EmberExec if e.inputs.nonEmpty => e }.isEmpty,
          "a Project-only region over an exchange is off by default")
      }
    }
  }

  test("a local sort above a shuffle (a sort-merge join's) stays in Spark unless spark.ember.exchangeInput.localSort.enabled") {
    requireSidecar("ParquetScan", "Sort", "ArrowInput")
    val query = (df: DataFrame) => df.as("a").join(df.as("b"), col("a.i") === col("b.i")).selectExpr("a.i", "b.s", "a.l")
    val sortRegions = (df: DataFrame) =>
      allNodes(df.queryExecution.executedPlan).collect { case e: EmberExec if e.nodeNames == Seq("Sort") => e }
    // The sort-merge join stays (not replaced by the hash join), so its local sorts are planned.
    // Over native exchanges a sort region converts nothing on the way in and is always native:
    // this is about Spark's exchanges.
    withSQLConf("spark.sql.autoBroadcastJoinThreshold" -> "-1", "spark.ember.sortMergeJoin.replaceWithHashJoin" -> "false",
        "spark.ember.shuffle.enabled" -> "false") {
      val df = query(spark.read.parquet(table))
      df.collect()
      assert(sortRegions(df).isEmpty, df.queryExecution.executedPlan)
      val sorts = allNodes(df.queryExecution.executedPlan).collect { case s: SortExec => s }
      assert(sorts.nonEmpty && sorts.forall(_.getTagValue(EmberTags.FallbackReasons).exists(
        _.exists(_.contains("spark.ember.exchangeInput.localSort.enabled")))), df.queryExecution.executedPlan)
      withSQLConf("spark.ember.exchangeInput.localSort.enabled" -> "true") {
        val nativeDf = query(spark.read.parquet(table))
        val native = nativeDf.collect()
        assert(sortRegions(nativeDf).nonEmpty, nativeDf.queryExecution.executedPlan)
        val expected = withSQLConf("spark.ember.enabled" -> "false")(query(spark.read.parquet(table)).collect())
        assert(sorted(native) === sorted(expected))
      }
    }
  }

  test("an error the sidecar raises while the JVM streams it an exchange's rows fails the query with Spark's error") {
    requireSidecar("ParquetScan", "Project", "ArrowInput")
    withSQLConf("spark.ember.exchangeInput.projectFilter.enabled" -> "true", "spark.sql.ansi.enabled" -> "true") {
      val df = spark.read.parquet(table).repartition(2).selectExpr("l * 1000000000 AS big")
      val e = intercept[Exception](df.collect())
      assert(Iterator.iterate[Throwable](e)(_.getCause).takeWhile(_ != null)
        .exists(_.getMessage.contains("ARITHMETIC_OVERFLOW")), e)
      assert(allNodes(df.queryExecution.executedPlan).exists { case x: EmberExec => x.inputs.nonEmpty; case _ => false })
    }
  }

  test("a broadcast hash join runs inside the stream side's region, with AQE on and off") {
    requireSidecar("ParquetScan", "Filter", "Project", "HashJoin", "HashAggregate")
    // Build side: i with a label (every value many times, NULL included); an extra condition over both sides.
    val query = (df: DataFrame) => {
      val dim = df.selectExpr("i AS k", "concat('k', cast(i AS string)) AS label").where("l IS NULL OR l > 0")
      df.join(org.apache.spark.sql.functions.broadcast(dim), df("i") === dim("k") && df("i") + dim("k") > -150)
        .groupBy("label").agg(org.apache.spark.sql.functions.count("*").as("n"),
          org.apache.spark.sql.functions.sum("d").as("sd"))
    }
    val notIn = (df: DataFrame) => {
      df.createOrReplaceTempView("bhj_t")
      spark.sql("SELECT i, s FROM bhj_t WHERE i NOT IN (SELECT i FROM bhj_t WHERE l > 0 AND i IS NOT NULL AND i < -50)")
    }
    for (aqe <- Seq("true", "false"); q <- Seq(query, notIn)) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        val df = q(spark.read.parquet(table))
        val native = df.collect()
        val joins = allNodes(df.queryExecution.executedPlan).collect {
          case e: EmberExec if e.nodeNames.contains("BroadcastHashJoin") => e
        }
        assert(joins.size === 1 && joins.head.broadcasts.nonEmpty, df.queryExecution.executedPlan)
        assert(allNodes(df.queryExecution.executedPlan).collect { case j: BroadcastHashJoinExec => j }.isEmpty)
        val expected = withSQLConf("spark.ember.enabled" -> "false")(q(spark.read.parquet(table)).collect())
        assert(native.nonEmpty && sorted(native) === sorted(expected))
      }
    }
    withSQLConf("spark.ember.operator.BroadcastHashJoin.enabled" -> "false") {
      val df = query(spark.read.parquet(table))
      df.collect()
      assert(allNodes(df.queryExecution.executedPlan).collect { case j: BroadcastHashJoinExec => j }.size === 1,
        "the switch keeps the join in Spark")
    }
  }

  test("stacked broadcast joins, and a broadcast join over an exchange, run in one region each: several inputs per task") {
    requireSidecar("ParquetScan", "Filter", "Project", "HashJoin", "HashAggregate", "ArrowInput")
    import org.apache.spark.sql.functions.{broadcast, count, expr, sum}
    val stacked = (df: DataFrame) => {
      val d1 = spark.read.parquet(table).where("l IS NULL OR l > 0").selectExpr("i AS k1", "concat('a', cast(i AS string)) AS a")
      val d2 = spark.read.parquet(table).where("i % 3 = 0").selectExpr("i AS k2", "s AS sb")
      df.join(broadcast(d1), expr("i = k1")).join(broadcast(d2), expr("i = k2"), "left_outer")
        .groupBy("a").agg(count("*").as("n"), sum("d").as("sd"), count("sb").as("nb"))
    }
    val overExchange = (df: DataFrame) => {
      val dim = spark.read.parquet(table).where("i % 2 = 0").selectExpr("i AS k", "s AS label")
      df.groupBy("i").agg(sum("d").as("sd"), count("*").as("n")).join(broadcast(dim), expr("i = k"))
    }
    for (aqe <- Seq("true", "false"); (q, exchanges, broadcasts) <- Seq((stacked, 0, 2), (overExchange, 1, 1))) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        val df = q(spark.read.parquet(table))
        val native = df.collect()
        val nodes = allNodes(df.queryExecution.executedPlan)
        val regions = nodes.collect {
          case e: EmberExec if e.nodeNames.contains("BroadcastHashJoin") => e
        }
        assert(regions.size === 1 && regions.head.broadcasts.size === broadcasts &&
          regions.head.inputs.size === exchanges, df.queryExecution.executedPlan)
        assert(nodes.collect { case j: BroadcastHashJoinExec => j }.isEmpty, df.queryExecution.executedPlan)
        val expected = withSQLConf("spark.ember.enabled" -> "false")(q(spark.read.parquet(table)).collect())
        assert(native.nonEmpty && sorted(native) === sorted(expected))
      }
    }
  }

  test("shuffled hash and sort-merge joins run as the native hash join over two exchanges, stacked ones too; an order relied on keeps SMJ") {
    requireSidecar("ParquetScan", "Filter", "Project", "HashJoin", "ArrowInput")
    spark.read.parquet(table).createOrReplaceTempView("sj_t")
    val joins = (plan: SparkPlan) => allNodes(plan).collect {
      case j: SortMergeJoinExec => j
      case j: ShuffledHashJoinExec => j
    }
    withSQLConf("spark.sql.autoBroadcastJoinThreshold" -> "-1") {
      for (aqe <- Seq("true", "false"); hint <- Seq("", "/*+ SHUFFLE_HASH(y) */"); typ <- Seq("FULL OUTER", "LEFT ANTI")) {
        withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
          val cols = if (typ == "LEFT ANTI") "x.i, x.s, x.l" else "x.i, y.s, x.l, y.d"
          val q = () => spark.sql(s"SELECT $hint $cols FROM sj_t x $typ JOIN sj_t y ON x.i = y.i AND x.s = y.s AND y.l > x.l")
          val df = q()
          val native = df.collect()
          val regions = allNodes(df.queryExecution.executedPlan).collect { case e: EmberExec if e.zipInputs => e }
          assert(regions.size === 1 && regions.head.inputs.size === 2, df.queryExecution.executedPlan)
          assert(joins(df.queryExecution.executedPlan).isEmpty, df.queryExecution.executedPlan)
          val expected = withSQLConf("spark.ember.enabled" -> "false")(q().collect())
          assert(native.nonEmpty && sorted(native) === sorted(expected), s"$aqe $hint $typ")
        }
      }
      for (aqe <- Seq("true", "false")) withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        // Stacked sort-merge joins on one key: the upper one no longer merges once it is a hash
        // join, so both are replaced and run in one region over three exchanges.
        val stacked = spark.sql("SELECT x.i, y.s, z.l FROM sj_t x JOIN sj_t y ON x.i = y.i LEFT JOIN sj_t z ON x.i = z.i")
        val stackedRows = stacked.collect()
        assert(joins(stacked.queryExecution.executedPlan).isEmpty, stacked.queryExecution.executedPlan)
        assert(allNodes(stacked.queryExecution.executedPlan).exists {
          case e: EmberExec => e.zipInputs && e.inputs.size == 3
          case _ => false
        }, stacked.queryExecution.executedPlan)
        assert(sorted(stackedRows) === sorted(withSQLConf("spark.ember.enabled" -> "false")(stacked.collect())))
        // A window (in Spark) reads the joins' sorted output: they stay sort-merge joins.
        val df = spark.sql("SELECT x.i, y.s, z.l, count(*) OVER (PARTITION BY x.i) AS n " +
          "FROM sj_t x JOIN sj_t y ON x.i = y.i JOIN sj_t z ON x.i = z.i")
        val native = df.collect()
        val smjs = joins(df.queryExecution.executedPlan)
        assert(smjs.nonEmpty && smjs.exists(_.getTagValue(EmberTags.FallbackReasons).exists(
          _.exists(_.contains("relies on the sort-merge join's output being sorted")))), df.queryExecution.executedPlan)
        val expected = withSQLConf("spark.ember.enabled" -> "false")(df.collect())
        assert(sorted(native) === sorted(expected))
      }
      withSQLConf("spark.ember.sortMergeJoin.replaceWithHashJoin" -> "false") {
        val df = spark.sql("SELECT x.i, y.s FROM sj_t x JOIN sj_t y ON x.i = y.i")
        df.collect()
        assert(joins(df.queryExecution.executedPlan).size === 1, "the switch keeps the sort-merge join in Spark")
      }
      // A build partition over the limit keeps the sort-merge join (the hash join would spill both sides).
      for (aqe <- Seq("true", "false")) {
        withSQLConf("spark.sql.adaptive.enabled" -> aqe, "spark.ember.sortMergeJoin.maxBuildPartitionBytes" -> "1") {
          val df = spark.sql("SELECT x.i, y.s FROM sj_t x JOIN sj_t y ON x.i = y.i")
          val native = df.collect()
          val smjs = allNodes(df.queryExecution.executedPlan).collect { case j: SortMergeJoinExec => j }
          assert(smjs.size === 1 && smjs.head.getTagValue(EmberTags.FallbackReasons).exists(
            _.exists(_.contains("spark.ember.sortMergeJoin.maxBuildPartitionBytes"))), df.queryExecution.executedPlan)
          val expected = withSQLConf("spark.ember.enabled" -> "false")(df.collect())
          assert(sorted(native) === sorted(expected))
        }
      }
    }
  }

  /** Every node of an executed plan, looking inside adaptive plans and query stages. */
  private def allNodes(plan: SparkPlan): Seq[SparkPlan] = plan match {
    case a: AdaptiveSparkPlanExec => a +: allNodes(a.executedPlan)
    case q: QueryStageExec => q +: allNodes(q.plan)
    case p => p +: p.children.flatMap(allNodes)
  }

  test("kill -9 the sidecar between two queries: the second query still succeeds natively") {
    requireSidecar("ParquetScan", "Filter", "Project")
    val query: DataFrame => DataFrame = _.where("i > 0").selectExpr("i * 2 AS i2", "s")
    checkNative(query, Seq("Project", "Filter", "ParquetScan"))
    val supervisor = SidecarManager.active.get
    val before = supervisor.awaitReady()
    assert(ProcessHandle.of(before.pid).get.destroyForcibly())
    checkNative(query, Seq("Project", "Filter", "ParquetScan"))
    assert(supervisor.awaitReady().generation > before.generation)
  }
}
