package dev.ember.spark.e2e

import java.io.File

import dev.ember.proto.sidecar.v1.{HealthRequest, HealthResponse}
import dev.ember.spark.{EmberExplain, EmberPlugin, LocalSparkSession, TestSidecar}
import dev.ember.spark.exec.{BroadcastIpcFeeder, BroadcastReleases, EmberExec}
import dev.ember.spark.sidecar.SidecarManager
import dev.ember.spark.rules.NativeBroadcast
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.ember.NativeShuffleInput
import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.execution.SparkPlan
import org.apache.spark.sql.execution.adaptive.{AdaptiveSparkPlanExec, BroadcastQueryStageExec}
import org.apache.spark.sql.execution.exchange.{BroadcastExchangeExec, EmberBroadcastExchangeExec, EmberBroadcastToSparkExec, ReusedExchangeExec}
import org.apache.spark.sql.execution.joins.BroadcastHashJoinExec

/**
 * Ember's native broadcast exchange (`EmberBroadcastExchangeExec`) on Spark (local[2]) with
 * the real sidecar: a star join whose dimension side is a native region broadcasts that
 * region's Arrow output, with AQE on and off; answers equal Spark's with Ember off.
 */
class EmberBroadcastSuite extends AnyFunSuite with LocalSparkSession {

  private val absent = TestSidecar.absentReason

  override protected def sparkConf: Map[String, String] =
    Map("spark.plugins" -> classOf[EmberPlugin].getName) ++ TestSidecar.sparkConf

  private lazy val tables: Unit = withSQLConf("spark.ember.enabled" -> "false") {
    spark.range(0, 20000, 1, 3).selectExpr("id", "CASE WHEN id % 23 = 0 THEN NULL ELSE cast(id % 100 AS int) END AS k",
      "id * 2 AS v", "CASE WHEN id % 7 = 0 THEN NULL ELSE concat('s', id % 13) END AS s")
      .write.parquet(new File(tempDir, "fact").getAbsolutePath)
    // Dimension keys 0..119, every tenth NULL, some duplicated (dk % 50 for grp 2).
    spark.range(0, 120, 1, 2).selectExpr(
      "CASE WHEN id % 10 = 9 THEN NULL WHEN id % 3 = 2 THEN cast(id % 50 AS int) ELSE cast(id AS int) END AS dk",
      "concat('name', id) AS name", "id % 3 AS grp")
      .write.parquet(new File(tempDir, "dim").getAbsolutePath)
    spark.read.parquet(new File(tempDir, "fact").getAbsolutePath).createOrReplaceTempView("fact")
    // Many files: a stage of many tasks reading one broadcast.
    spark.range(0, 48000, 1, 24).selectExpr("id", "cast(id % 130 AS int) AS k", "id * 3 AS v")
      .write.parquet(new File(tempDir, "wide").getAbsolutePath)
    spark.read.parquet(new File(tempDir, "wide").getAbsolutePath).createOrReplaceTempView("wide")
    spark.read.parquet(new File(tempDir, "dim").getAbsolutePath).createOrReplaceTempView("dim")
  }

  private def requireSidecar(): Unit = absent.foreach { reason =>
    println(s"EmberBroadcastSuite: skipped: $reason")
    cancel(reason)
  }

  /** Every node, through AQE's stages and Spark's reuse. */
  private def allNodes(plan: SparkPlan): Seq[SparkPlan] = EmberExplain.nodes(plan).flatMap {
    case r: ReusedExchangeExec => r +: allNodes(r.child)
    case p => Seq(p)
  }

  private def sorted(df: DataFrame): Seq[String] = df.collect().map(_.toString).toSeq.sorted

  /** Runs `sql` with Ember on and off; the answers must be equal. Returns the Ember run's plan. */
  private def run(sql: String): SparkPlan = {
    val df = spark.sql(sql)
    val native = sorted(df)
    val expected = withSQLConf("spark.ember.enabled" -> "false")(sorted(spark.sql(sql)))
    assert(native === expected, df.queryExecution.executedPlan)
    df.queryExecution.executedPlan
  }

  /** [[run]]'s plan's nodes. */
  private def check(sql: String): Seq[SparkPlan] = allNodes(run(sql))

  /** The plan broadcasts only natively: Ember exchanges over native regions, no Spark exchange or join. */
  private def assertNativeBroadcasts(nodes: Seq[SparkPlan], atLeast: Int = 1): Unit = {
    val embers = nodes.collect { case b: EmberBroadcastExchangeExec => b }
    assert(embers.size >= atLeast, nodes.headOption)
    embers.foreach(b => assert(b.child.isInstanceOf[EmberExec], b))
    assert(nodes.collect { case b @ (_: BroadcastExchangeExec | _: BroadcastHashJoinExec | _: EmberBroadcastToSparkExec) => b }
      .isEmpty, nodes.headOption)
  }

  /** Some native region runs Spark's operator `name`. */
  private def assertRunsNatively(nodes: Seq[SparkPlan], name: String): Unit =
    assert(nodes.exists {
      case e: EmberExec => e.nodeNames.contains(name)
      case _ => false
    }, nodes.headOption)

  private val joins = Seq(
    "inner" -> "SELECT /*+ BROADCAST(d) */ grp, count(*), sum(v) FROM fact JOIN (SELECT * FROM dim WHERE grp < 2) d ON k = dk GROUP BY grp",
    "left outer" -> "SELECT /*+ BROADCAST(d) */ name, count(*), sum(v) FROM fact LEFT JOIN (SELECT * FROM dim WHERE grp >= 1) d ON k = dk GROUP BY name",
    "left semi" -> "SELECT /*+ BROADCAST(d) */ count(*), sum(v) FROM fact LEFT SEMI JOIN (SELECT * FROM dim WHERE grp = 2) d ON k = dk",
    "left anti" -> "SELECT /*+ BROADCAST(d) */ count(*), sum(v) FROM fact LEFT ANTI JOIN (SELECT * FROM dim WHERE grp = 2) d ON k = dk",
    "empty build side" -> "SELECT /*+ BROADCAST(d) */ count(*), sum(v) FROM fact JOIN (SELECT * FROM dim WHERE grp = 7) d ON k = dk",
    "empty build side, left outer" ->
      "SELECT /*+ BROADCAST(d) */ count(*), sum(v), count(name) FROM fact LEFT JOIN (SELECT * FROM dim WHERE grp = 7) d ON k = dk",
    "NULL keys only" ->
      "SELECT /*+ BROADCAST(d) */ count(*), count(name) FROM fact LEFT JOIN (SELECT * FROM dim WHERE dk IS NULL OR grp = 7) d ON k = dk",
    "several keys and a condition" ->
      "SELECT /*+ BROADCAST(d) */ grp, count(*) FROM fact JOIN dim d ON k = dk AND id % 3 = grp AND v > dk * 10 GROUP BY grp")

  for (aqe <- Seq("true", "false"); (name, sql) <- joins) {
    test(s"a native dimension is broadcast as Arrow: $name join (AQE $aqe)") {
      requireSidecar()
      tables
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        // AQE drops a join whose broadcast has no rows (the exchange's runtime statistics).
        val empty = aqe == "true" && (name.startsWith("empty") || name.startsWith("NULL"))
        assertNativeBroadcasts(check(sql), atLeast = if (empty) 0 else 1)
      }
    }
  }

  test("a broadcast used twice in one query is built once (self-join of a dimension, a UNION of one join), AQE on and off") {
    requireSidecar()
    tables
    val twice = Seq(
      "SELECT /*+ BROADCAST(a), BROADCAST(b) */ a.grp, b.grp, count(*) FROM fact JOIN (SELECT * FROM dim WHERE grp < 2) a " +
        "ON k = a.dk JOIN (SELECT * FROM dim WHERE grp < 2) b ON id % 100 = b.dk GROUP BY a.grp, b.grp",
      "SELECT count(*), sum(v) FROM (SELECT /*+ BROADCAST(d) */ v FROM fact JOIN (SELECT * FROM dim WHERE grp = 1) d ON k = dk " +
        "UNION ALL SELECT /*+ BROADCAST(d) */ v FROM fact JOIN (SELECT * FROM dim WHERE grp = 1) d ON k = dk)")
    for (aqe <- Seq("true", "false"); sql <- twice) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        val plan = run(sql)
        assertNativeBroadcasts(allNodes(plan))
        val reused = EmberExplain.nodes(plan).collect {
          case r: ReusedExchangeExec if r.child.isInstanceOf[EmberBroadcastExchangeExec] => r
          case s: BroadcastQueryStageExec if s.plan.isInstanceOf[ReusedExchangeExec] => s
        }
        assert(reused.nonEmpty, plan)
      }
    }
  }

  test("AQE turning a sort-merge join into a broadcast hash join broadcasts the native shuffle's stage natively") {
    requireSidecar()
    tables
    // No broadcast when planning; AQE broadcasts the dimension once its (small) stage ran.
    withSQLConf("spark.sql.adaptive.enabled" -> "true", "spark.sql.autoBroadcastJoinThreshold" -> "-1",
        "spark.sql.adaptive.autoBroadcastJoinThreshold" -> "10m") {
      for (sql <- Seq(
          "SELECT grp, count(*), sum(v) FROM fact JOIN (SELECT * FROM dim WHERE grp < 2) d ON k = dk GROUP BY grp",
          "SELECT name, count(*), sum(v) FROM fact LEFT JOIN (SELECT * FROM dim WHERE grp >= 1) d ON k = dk GROUP BY name")) {
        val plan = run(sql)
        val nodes = allNodes(plan)
        val embers = nodes.collect { case b: EmberBroadcastExchangeExec => b }
        assert(embers.nonEmpty && embers.forall(b => NativeShuffleInput.exchange(b.child).isDefined), plan)
        assert(nodes.collect { case b @ (_: BroadcastExchangeExec | _: BroadcastHashJoinExec | _: EmberBroadcastToSparkExec) => b }
          .isEmpty, plan)
        assert(EmberExplain.sparkExchanges(plan).isEmpty, plan)
      }
    }
  }

  test("a join that stays in Spark keeps Spark's broadcast; the switch keeps Spark's exchange") {
    requireSidecar()
    tables
    // LIKE with a non-literal pattern is not native: the join stays in Spark.
    val sparkJoin = "SELECT /*+ BROADCAST(d) */ grp, count(*) FROM fact JOIN (SELECT * FROM dim WHERE grp < 2) d " +
      "ON k = dk AND (s LIKE concat('%', name)) = false GROUP BY grp"
    for (aqe <- Seq("true", "false")) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        val nodes = check(sparkJoin)
        assert(nodes.collect { case b: EmberBroadcastExchangeExec => b }.isEmpty)
        assert(nodes.exists(_.isInstanceOf[BroadcastExchangeExec]))
        withSQLConf("spark.ember.broadcastExchange.enabled" -> "false") {
          val nodes = check(joins.head._2)
          assert(nodes.collect { case b: EmberBroadcastExchangeExec => b }.isEmpty)
          assert(nodes.exists(_.isInstanceOf[BroadcastExchangeExec]))
        }
      }
    }
  }

  // NOT IN is a null-aware anti join: a NULL on the build side empties the answer, an empty
  // build side keeps every row (NULL keys too), else rows with a NULL key are dropped.
  private val notIns = Seq(
    "no NULL in the subquery" -> "SELECT count(*), sum(v), count(k) FROM fact WHERE k NOT IN (SELECT dk FROM dim WHERE grp = 1 AND dk IS NOT NULL)",
    "a NULL in the subquery" -> "SELECT count(*), sum(v) FROM fact WHERE k NOT IN (SELECT dk FROM dim WHERE grp = 1)",
    "only NULLs in the subquery" -> "SELECT count(*), sum(v) FROM fact WHERE k NOT IN (SELECT dk FROM dim WHERE dk IS NULL)",
    "an empty subquery" -> "SELECT count(*), sum(v), count(k) FROM fact WHERE k NOT IN (SELECT dk FROM dim WHERE grp = 7)",
    "rows out" -> "SELECT id, k, s FROM fact WHERE id < 3000 AND k NOT IN (SELECT dk + 1 FROM dim WHERE grp = 2)")

  for (aqe <- Seq("true", "false"); (name, sql) <- notIns) {
    test(s"NOT IN (a null-aware anti join) broadcasts natively: $name (AQE $aqe)") {
      requireSidecar()
      tables
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        val plan = run(sql)
        val nodes = allNodes(plan)
        // AQE drops the join of an empty broadcast (the exchange's runtime statistics).
        val empty = aqe == "true" && name.contains("empty")
        assertNativeBroadcasts(nodes, atLeast = if (empty) 0 else 1)
        assert(EmberExplain.sparkExchanges(plan).isEmpty, plan)
        if (!empty) {
          assertRunsNatively(nodes, "BroadcastHashJoin")
        }
      }
    }
  }

  // Joins without equal keys: Spark plans a BroadcastNestedLoopJoinExec; NULLs make the
  // condition NULL (no match).
  private val nestedLoops = Seq(
    "inner" -> ("SELECT /*+ BROADCAST(d) */ grp, count(*), sum(v) FROM fact JOIN (SELECT * FROM dim WHERE grp < 2) d " +
      "ON k < dk AND v > dk * 300 GROUP BY grp", true),
    "cross" -> ("SELECT /*+ BROADCAST(d) */ name, count(*), sum(v), count(k) FROM fact CROSS JOIN (SELECT * FROM dim WHERE grp = 1 AND dk < 30) d " +
      "GROUP BY name", true),
    "left outer" -> ("SELECT /*+ BROADCAST(d) */ name, count(*), sum(v) FROM fact LEFT JOIN (SELECT * FROM dim WHERE grp = 1) d " +
      "ON k > dk + 90 GROUP BY name", true),
    "right outer, build left" -> ("SELECT /*+ BROADCAST(f) */ dk, count(*), sum(v) FROM (SELECT * FROM fact WHERE id < 40) f " +
      "RIGHT JOIN dim ON k > dk + 20 AND s <> name GROUP BY dk", true),
    "left semi" -> ("SELECT /*+ BROADCAST(d) */ count(*), sum(v) FROM fact LEFT SEMI JOIN (SELECT * FROM dim WHERE grp = 2) d " +
      "ON k > dk + 45", true),
    "left anti" -> ("SELECT /*+ BROADCAST(d) */ count(*), sum(v), count(k) FROM fact LEFT ANTI JOIN (SELECT * FROM dim WHERE grp = 2) d " +
      "ON k > dk + 45", true),
    "empty build side, left anti" -> ("SELECT /*+ BROADCAST(d) */ count(*), sum(v) FROM fact LEFT ANTI JOIN " +
      "(SELECT * FROM dim WHERE grp = 7) d ON k > dk", true),
    "Spark's broadcast of rows (VALUES)" -> ("SELECT /*+ BROADCAST(d) */ x, count(*), sum(v) FROM fact JOIN " +
      "(SELECT * FROM VALUES (1), (50), (CAST(NULL AS INT)) AS t(x)) d ON k < x GROUP BY x", false))

  for (aqe <- Seq("true", "false"); (name, (sql, emberBroadcast)) <- nestedLoops) {
    test(s"a join without equal keys runs natively as a nested loop: $name (AQE $aqe)") {
      requireSidecar()
      tables
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        val plan = run(sql)
        val nodes = allNodes(plan)
        val empty = aqe == "true" && name.startsWith("empty")
        assert(nodes.collect { case j: org.apache.spark.sql.execution.joins.BroadcastNestedLoopJoinExec => j }.isEmpty, plan)
        if (!empty) {
          assertRunsNatively(nodes, "BroadcastNestedLoopJoin")
          if (emberBroadcast) assertNativeBroadcasts(nodes)
          else assert(nodes.exists(_.isInstanceOf[BroadcastExchangeExec]), plan)
        }
      }
    }
  }

  test("a Spark join given an Ember broadcast reads Spark's relation built from its Arrow bytes") {
    requireSidecar()
    tables
    // The join stays in Spark; its exchange is made Ember's by hand (over the rows of the
    // dimension's region: the exchange's path for a child that is not native), as a wrong
    // guess under AQE would leave it. The rule puts Spark's relation between them.
    val sql = "SELECT /*+ BROADCAST(d) */ grp, count(*) FROM fact JOIN (SELECT * FROM dim WHERE grp < 2) d " +
      "ON k = dk AND (s LIKE concat('%', name)) = false GROUP BY grp"
    withSQLConf("spark.sql.adaptive.enabled" -> "false", "spark.sql.codegen.wholeStage" -> "false") {
      val df = spark.sql(sql)
      val plan = df.queryExecution.executedPlan
      val expected = plan.executeCollect().map(_.toSeq(plan.schema).mkString(",")).toSeq.sorted
      val swapped = plan.transform { case b: BroadcastExchangeExec => EmberBroadcastExchangeExec(b.mode, b.child) }
      val fixed = NativeBroadcast.SparkConsumers(swapped)
      assert(fixed.collect { case w: EmberBroadcastToSparkExec => w }.size === 1, fixed)
      assert(fixed.executeCollect().map(_.toSeq(plan.schema).mkString(",")).toSeq.sorted === expected)
      assert(!plan.isInstanceOf[AdaptiveSparkPlanExec])
    }
  }

  private def health(): HealthResponse =
    SidecarManager.active.flatMap(_.currentHandle).get.connection.blockingStub.health(HealthRequest.getDefaultInstance)

  /** `sql`'s answer checked against Spark's, and the native broadcast streams its tasks sent and the sidecar's cache counters' change. */
  private def counted(sql: String): (SparkPlan, Long, HealthResponse, HealthResponse) = {
    val df = spark.sql(sql)
    val h0 = health()
    val sent0 = BroadcastIpcFeeder.streamsSent.get()
    val native = sorted(df)
    val sent = BroadcastIpcFeeder.streamsSent.get() - sent0
    val h1 = health()
    val expected = withSQLConf("spark.ember.enabled" -> "false")(sorted(spark.sql(sql)))
    assert(native === expected, df.queryExecution.executedPlan)
    (df.queryExecution.executedPlan, sent, h0, h1)
  }

  private val manyTaskJoins = Seq(
    "inner" -> "SELECT /*+ BROADCAST(d) */ grp, count(*), sum(v) FROM wide JOIN (SELECT * FROM dim WHERE grp < 2) d ON k = dk GROUP BY grp",
    "left outer" -> "SELECT /*+ BROADCAST(d) */ name, count(*), sum(v) FROM wide LEFT JOIN (SELECT * FROM dim WHERE grp >= 1) d ON k = dk GROUP BY name",
    "left semi" -> "SELECT /*+ BROADCAST(d) */ count(*), sum(v) FROM wide LEFT SEMI JOIN (SELECT * FROM dim WHERE grp = 2) d ON k = dk",
    "left anti" -> "SELECT /*+ BROADCAST(d) */ count(*), sum(v) FROM wide LEFT ANTI JOIN (SELECT * FROM dim WHERE grp = 2) d ON k = dk",
    "right outer" -> "SELECT /*+ BROADCAST(d) */ name, count(*), sum(v) FROM (SELECT * FROM dim WHERE grp >= 1) d RIGHT JOIN wide ON k = dk GROUP BY name")

  for ((name, sql) <- manyTaskJoins) {
    test(s"the 24 tasks of a native broadcast $name join send the broadcast to the sidecar once") {
      requireSidecar()
      tables
      // One task per file of the wide table (each file is far smaller than 64k).
      withSQLConf("spark.sql.adaptive.enabled" -> "false", "spark.sql.files.maxPartitionBytes" -> "64k",
          "spark.sql.files.openCostInBytes" -> "64k") {
        val (plan, sent, h0, h1) = counted(sql)
        assertNativeBroadcasts(allNodes(plan))
        val tasks = h1.getCompletedTasks - h0.getCompletedTasks
        assert(tasks >= 24, s"$tasks tasks")
        // One stream for the one broadcast: the other tasks shared the sidecar's build side.
        assert(sent === 1, s"$sent broadcast streams sent by $tasks tasks")
        assert(h1.getBroadcastCacheBuilds - h0.getBroadcastCacheBuilds === 1, h1)
        assert(h1.getBroadcastCacheHits - h0.getBroadcastCacheHits >= 23, h1)
        assert(h1.getBroadcastCacheBytes > 0, h1)
        // Off: every task sends it and builds its own table.
        withSQLConf("spark.ember.broadcastCache.enabled" -> "false") {
          val (_, sentOff, o0, o1) = counted(sql)
          assert(sentOff >= 24, s"$sentOff broadcast streams with the cache off")
          assert(o1.getBroadcastCacheBuilds === o0.getBroadcastCacheBuilds && o1.getBroadcastCacheHits === o0.getBroadcastCacheHits)
        }
      }
    }
  }

  test("a destroyed broadcast is dropped by the sidecar; a later use sends it again") {
    requireSidecar()
    tables
    withSQLConf("spark.sql.adaptive.enabled" -> "false") {
      val sql = manyTaskJoins.head._2
      val (plan, sent, _, _) = counted(sql)
      assert(sent === 1)
      val exchange = EmberExplain.nodes(plan).collectFirst { case b: EmberBroadcastExchangeExec => b }.get
      val bc = exchange.executeBroadcast[Any]()
      val app = spark.sparkContext.applicationId
      assert(BroadcastReleases.pending.contains((app, bc.id)))
      val before = health()
      assert(before.getBroadcastCacheEntries >= 1)
      bc.destroy()
      // Spark removes the blocks (asynchronously); the executor side notices within its check
      // interval and tells the sidecar.
      val deadline = System.nanoTime() + 30L * 1000 * 1000 * 1000
      while (BroadcastReleases.pending.contains((app, bc.id)) && System.nanoTime() < deadline) Thread.sleep(100)
      assert(!BroadcastReleases.pending.contains((app, bc.id)), "the destroyed broadcast is still named")
      val after = health()
      assert(after.getBroadcastCacheReleases > before.getBroadcastCacheReleases, after)
      assert(after.getBroadcastCacheEntries < before.getBroadcastCacheEntries, after)
      // A new query makes a new broadcast, sent once again.
      val (_, again, _, _) = counted(sql)
      assert(again === 1)
    }
  }
}
