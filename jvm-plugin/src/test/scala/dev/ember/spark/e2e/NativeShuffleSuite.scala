package dev.ember.spark.e2e

import java.io.File

import dev.ember.spark.{EmberPlugin, LocalSparkSession, TestSidecar}
import dev.ember.spark.exec.EmberExec
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.ember.{EmberShuffleExchangeExec, TestListeners}
import org.apache.spark.scheduler.{SparkListener, SparkListenerTaskEnd}
import org.apache.spark.sql.{DataFrame, Row}
import org.apache.spark.sql.catalyst.plans.physical.RangePartitioning
import org.apache.spark.sql.execution.{CoalescedMapperPartitionSpec, ColumnarToRowExec, PartialMapperPartitionSpec, RowToColumnarExec,
  SparkPlan}
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

  /** Key types the first table lacks: boolean, float and double with NaN and -0.0, timestamp, binary, short, byte. */
  private lazy val rangeTable: String = {
    val path = new File(tempDir, "range.parquet").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(0, 6000, 1, 3).selectExpr(
        "id",
        "CASE WHEN id % 7 = 0 THEN NULL ELSE id % 3 = 0 END AS b",
        "CASE WHEN id % 11 = 0 THEN NULL WHEN id % 10 = 1 THEN cast('NaN' AS float) " +
          "WHEN id % 10 = 2 THEN cast(-0.0D AS float) WHEN id % 10 = 3 THEN cast(0.0D AS float) " +
          "ELSE cast(id % 50 AS float) / 4 - 5 END AS f",
        "CASE WHEN id % 13 = 0 THEN NULL WHEN id % 10 = 4 THEN cast('NaN' AS double) WHEN id % 10 = 5 THEN -0.0D " +
          "WHEN id % 10 = 6 THEN cast('-Infinity' AS double) ELSE cast(id % 40 AS double) - 20.5 END AS x",
        "CASE WHEN id % 9 = 0 THEN NULL ELSE timestamp_seconds(id * 86400 - 500000000) END AS ts",
        "CASE WHEN id % 8 = 0 THEN NULL ELSE cast(concat(CASE WHEN id % 2 = 0 THEN char(200 + id % 50) " +
          "ELSE char(65 + id % 20) END, cast(id % 30 AS string)) AS binary) END AS bin",
        "cast(id % 100 - 50 AS short) AS sh",
        "CASE WHEN id % 6 = 0 THEN NULL ELSE cast(id % 120 - 60 AS byte) END AS by")
        .write.parquet(path)
    }
    spark.read.parquet(path).createOrReplaceTempView("ns_r")
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

  /** A value as the ordered comparison shows it (binary as hex). */
  private def render(v: Any): String = v match {
    case b: Array[Byte] => b.map(x => f"$x%02x").mkString("0x", "", "")
    case null => "null"
    case other => other.toString
  }

  /**
   * Rows in their order, each run of rows with equal sort keys (the first `keys` columns; as
   * Spark compares them: -0.0 = 0.0, NaN = NaN) sorted by all columns: ties come in any order.
   */
  private def inOrder(rows: Array[Row], keys: Int): Seq[String] = {
    def key(r: Row): Seq[String] = (0 until keys).map(i => r.get(i) match {
      case d: Double if d == 0.0 => "0.0"
      case f: Float if f == 0.0f => "0.0"
      case v => render(v)
    })
    val out = scala.collection.mutable.ArrayBuffer.empty[String]
    val run = scala.collection.mutable.ArrayBuffer.empty[String]
    var runKey: Seq[String] = null
    rows.foreach { r =>
      val k = key(r)
      if (k != runKey) {
        out ++= run.sorted
        run.clear()
        runKey = k
      }
      run += r.toSeq.map(render).mkString("[", ",", "]")
    }
    out ++= run.sorted
    out.toSeq
  }

  /** Runs the ORDER BY `q` with Ember on and off: the rows must come in Spark's order. */
  private def checkOrdered(q: String, keys: Int): Seq[SparkPlan] = {
    table
    rangeTable
    val df = spark.sql(q)
    val native = df.collect()
    val nodes = allNodes(df.queryExecution.executedPlan)
    val expected = withSQLConf("spark.ember.enabled" -> "false")(spark.sql(q).collect())
    assert(native.length === expected.length, q)
    assert(inOrder(native, keys) === inOrder(expected, keys), s"$q\n${df.queryExecution.executedPlan}")
    nodes
  }

  /** A native range exchange, and no Spark exchange. */
  private def nativeRange(nodes: Seq[SparkPlan]): Seq[EmberShuffleExchangeExec] = {
    val ranges = nodes.collect { case e: EmberShuffleExchangeExec if e.outputPartitioning.isInstanceOf[RangePartitioning] => e }
    assert(ranges.nonEmpty, nodes.head)
    assert(nodes.collect { case e: ShuffleExchangeExec => e }.isEmpty, nodes.head)
    ranges
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

  test("ORDER BY runs over a native range exchange: every key type, ASC/DESC, NULLS FIRST/LAST, several keys") {
    requireSidecar()
    val localRead = Seq("spark.sql.autoBroadcastJoinThreshold" -> "-1", "spark.sql.adaptive.autoBroadcastJoinThreshold" -> "10m",
      "spark.sql.shuffle.partitions" -> "64", "spark.sql.adaptive.localShuffleReader.enabled" -> "true")
    val localJoin = "SELECT a.i, a.l, b.l FROM ns_t a JOIN (SELECT i, l FROM ns_t WHERE skew = 99) b ON a.i = b.i"
    val queries = Seq(
      "SELECT i, l, s FROM ns_t ORDER BY i" -> 1,
      "SELECT l, i FROM ns_t ORDER BY l DESC" -> 1,
      "SELECT x, i FROM ns_t WHERE i > -90 ORDER BY x ASC NULLS LAST" -> 1,
      "SELECT d, s FROM ns_t ORDER BY d DESC NULLS FIRST" -> 1,
      "SELECT s, dt, i, l FROM ns_t ORDER BY s DESC NULLS LAST, dt ASC NULLS LAST, i" -> 3,
      "SELECT dt, x FROM ns_t ORDER BY dt" -> 1,
      "SELECT f, id FROM ns_r ORDER BY f DESC NULLS FIRST" -> 1,
      "SELECT f, id FROM ns_r ORDER BY f" -> 1,
      "SELECT x, b, id FROM ns_r ORDER BY x, b DESC" -> 2,
      "SELECT bin, ts, id FROM ns_r ORDER BY bin DESC NULLS LAST, ts" -> 2,
      "SELECT ts, sh, by, id FROM ns_r ORDER BY ts DESC, sh, by DESC NULLS FIRST" -> 3,
      // Three distinct keys: Spark's RangePartitioner makes fewer partitions than the 7 planned.
      "SELECT b, id FROM ns_r ORDER BY b NULLS LAST" -> 1)
    for (aqe <- Seq("true", "false")) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe, "spark.sql.shuffle.partitions" -> "7",
          "spark.sql.adaptive.coalescePartitions.enabled" -> "false") {
        for ((q, keys) <- queries) {
          val nodes = checkOrdered(q, keys)
          val exchange = nativeRange(nodes).head
          assert(exchange.metrics("shuffleRecordsWritten").value > 0, q)
          noTransitionsBetweenRegions(nodes)
          // At most one bound per distinct key (false, true, NULL), so at most 4 partitions.
          if (q.contains("ORDER BY b ")) assert(exchange.numPartitions <= 4, q)
          else assert(exchange.numPartitions > 1, q)
        }
      }
    }
    // AQE coalescing the range partitions keeps the order.
    withSQLConf("spark.sql.adaptive.enabled" -> "true", "spark.sql.shuffle.partitions" -> "20",
        "spark.sql.adaptive.coalescePartitions.enabled" -> "true", "spark.sql.adaptive.advisoryPartitionSizeInBytes" -> "16k") {
      nativeRange(checkOrdered("SELECT s, i, l, d FROM ns_t ORDER BY s, i DESC", 2))
    }
  }

  test("repartitionByRange writes a native range exchange: each partition holds one range of keys") {
    requireSidecar()
    table
    import org.apache.spark.sql.functions.{col, spark_partition_id}
    for (aqe <- Seq("true", "false")) {
      withSQLConf("spark.sql.adaptive.enabled" -> aqe) {
        def q() = spark.table("ns_t").repartitionByRange(5, col("i").desc_nulls_last, col("s"))
          .select(spark_partition_id().as("p"), col("i"), col("s"), col("l"), col("d"))
        val df = q()
        val rows = df.collect()
        nativeRange(allNodes(df.queryExecution.executedPlan))
        val expected = withSQLConf("spark.ember.enabled" -> "false")(q().collect())
        // The rows (but for their partition, which depends on Spark's random sample).
        assert(sorted(rows.map(r => Row.fromSeq(r.toSeq.tail))) === sorted(expected.map(r => Row.fromSeq(r.toSeq.tail))))
        val got = rows.map(r => (r.getInt(0), Option(r.getAs[Integer]("i")).map(_.intValue), Option(r.getAs[String]("s"))))
        // i DESC NULLS LAST, then s ASC NULLS FIRST (Option's ordering puts None first).
        val nullsLastDesc: Ordering[Option[Int]] = new Ordering[Option[Int]] {
          override def compare(a: Option[Int], b: Option[Int]): Int = (a, b) match {
            case (None, None) => 0
            case (None, _) => 1
            case (_, None) => -1
            case (Some(x), Some(y)) => Integer.compare(y, x)
          }
        }
        val keyOrdering = Ordering.Tuple2(nullsLastDesc, Ordering.Option(Ordering.String))
        val inKeyOrder = got.sortBy(g => (g._2, g._3))(keyOrdering)
        val pids = inKeyOrder.map(_._1).toSeq
        assert(pids === pids.sorted, "partitions hold overlapping key ranges")
        assert(got.groupBy(g => (g._2, g._3)).values.forall(_.map(_._1).distinct.length == 1),
          "rows with equal keys in different partitions")
        assert(pids.distinct.length > 1)
      }
    }
  }

  /**
   * Runs `q` with Ember (and then without, for the expected rows), counting the native run's
   * tasks' shuffle read metrics: (the exchanges' bytes handed to the sidecar as file segments,
   * their local bytes read as SQL metrics, the tasks' local bytes read, the tasks' local blocks).
   */
  private def segmentRun(q: String): (Seq[SparkPlan], Long, Long, Long, Long) = {
    table
    val sc = spark.sparkContext
    val taskLocalBytes = new java.util.concurrent.atomic.AtomicLong
    val taskLocalBlocks = new java.util.concurrent.atomic.AtomicLong
    val listener = new SparkListener {
      override def onTaskEnd(end: SparkListenerTaskEnd): Unit = Option(end.taskMetrics).foreach { m =>
        taskLocalBytes.addAndGet(m.shuffleReadMetrics.localBytesRead)
        taskLocalBlocks.addAndGet(m.shuffleReadMetrics.localBlocksFetched)
      }
    }
    TestListeners.waitUntilEmpty(sc)
    sc.addSparkListener(listener)
    val df = spark.sql(q)
    val native = try df.collect() finally {
      TestListeners.waitUntilEmpty(sc)
      sc.removeSparkListener(listener)
    }
    val nodes = allNodes(df.queryExecution.executedPlan)
    val expected = withSQLConf("spark.ember.enabled" -> "false")(spark.sql(q).collect())
    assert(native.nonEmpty)
    assert(sorted(native) === sorted(expected), df.queryExecution.executedPlan)
    val exchanges = nodes.collect { case e: EmberShuffleExchangeExec => e }.distinct
    assert(exchanges.nonEmpty, nodes.head)
    (nodes, exchanges.map(_.metrics("localSegmentBytes").value).sum, exchanges.map(_.metrics("localBytesRead").value).sum,
      taskLocalBytes.get, taskLocalBlocks.get)
  }

  test("local blocks reach the sidecar as file segments: GROUP BY, AQE coalescing, skew splits and local reads, " +
      "a Spark consumer; " +
      "spark.ember.shuffle.localSegments.enabled=false forwards them") {
    requireSidecar()
    val localRead = Seq("spark.sql.autoBroadcastJoinThreshold" -> "-1", "spark.sql.adaptive.autoBroadcastJoinThreshold" -> "10m",
      "spark.sql.shuffle.partitions" -> "64", "spark.sql.adaptive.localShuffleReader.enabled" -> "true")
    val localJoin = "SELECT a.i, a.l, b.l FROM ns_t a JOIN (SELECT i, l FROM ns_t WHERE skew = 99) b ON a.i = b.i"
    val queries = Seq(
      // Coalesced reads of many reduce partitions (adjacent blocks of a map task merge).
      "coalesced" -> (Seq("spark.sql.shuffle.partitions" -> "40", "spark.sql.adaptive.coalescePartitions.enabled" -> "true",
        "spark.sql.adaptive.advisoryPartitionSizeInBytes" -> "1m"),
        "SELECT s, dt, sum(i), count(*), max(d) FROM ns_t WHERE i > -50 GROUP BY s, dt"),
      // Skew splits: PartialReducerPartitionSpecs of the skewed side, each joined with the
      // other side's whole partition; a join task reads two exchanges' segments.
      "skew" -> (Seq("spark.sql.autoBroadcastJoinThreshold" -> "-1", "spark.sql.shuffle.partitions" -> "8",
        "spark.sql.adaptive.skewJoin.enabled" -> "true", "spark.sql.adaptive.skewJoin.skewedPartitionFactor" -> "1",
        "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes" -> "1k",
        "spark.sql.adaptive.advisoryPartitionSizeInBytes" -> "2k", "spark.sql.adaptive.coalescePartitions.enabled" -> "false"),
        "SELECT a.skew, a.l, b.l FROM ns_t a JOIN (SELECT skew, l FROM ns_t WHERE i = 99) b ON a.skew = b.skew"),
      // A sort-merge join AQE turns into a broadcast join once the stages ran: the stream side
      // is read locally (PartialMapperPartitionSpecs: part of one map task's blocks per task;
      // CoalescedMapperPartitionSpecs when AQE coalesced the partitions first: several map
      // tasks' blocks per task), the build side's stage is broadcast (decoded by the sidecar
      // from its segments).
      "partialMapper" -> (localRead :+ ("spark.sql.adaptive.coalescePartitions.enabled" -> "false"), localJoin),
      "coalescedMapper" -> (localRead :+ ("spark.sql.adaptive.coalescePartitions.enabled" -> "true"), localJoin),
      // A Spark operator (a UDF) above the exchange: the sidecar decodes the blocks for it.
      "decoded" -> (Seq.empty[(String, String)], "SELECT twice(i), s, d FROM (SELECT i, s, d FROM ns_t WHERE i > 0 DISTRIBUTE BY s)"))
    spark.udf.register("twice", (v: Int) => v * 2)
    for ((name, (confs, q)) <- queries; on <- Seq(true, false)) {
      val settings = confs ++ Seq("spark.sql.adaptive.enabled" -> "true", "spark.ember.shuffle.localSegments.enabled" -> on.toString)
      withSQLConf(settings: _*) {
        val (nodes, segmentBytes, sqlLocalBytes, taskLocalBytes, taskLocalBlocks) = segmentRun(q)
        val what = s"$name, localSegments=$on: segments $segmentBytes B, SQL local $sqlLocalBytes B, " +
          s"tasks local $taskLocalBytes B in $taskLocalBlocks blocks\n${nodes.head}"
        // local[2]: every block is this executor's, read locally; the task metrics (merged at
        // completion) and the exchange's SQL metrics agree.
        assert(sqlLocalBytes > 0 && taskLocalBlocks > 0, what)
        assert(taskLocalBytes === sqlLocalBytes, what)
        if (on) assert(segmentBytes === sqlLocalBytes, what) else assert(segmentBytes === 0L, what)
        if (name == "skew") {
          assert(nodes.exists { case r: AQEShuffleReadExec => r.hasSkewedPartition; case _ => false }, what)
        }
        if (name.endsWith("Mapper")) {
          val reads = nodes.collect { case r: AQEShuffleReadExec => r }
          val specs = reads.map(_.partitionSpecs.map(_.getClass.getSimpleName).distinct.mkString("/")).mkString(", ")
          val kind = if (name == "partialMapper") classOf[PartialMapperPartitionSpec] else classOf[CoalescedMapperPartitionSpec]
          assert(reads.exists(r => r.isLocalRead && r.partitionSpecs.exists(kind.isInstance)), s"specs: $specs; $what")
        }
        if (name == "coalesced") {
          assert(nodes.exists { case r: AQEShuffleReadExec => r.hasCoalescedPartition; case _ => false }, what)
        }
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
  def isNative(plan: SparkPlan): Boolean = org.apache.spark.ember.NativeShuffleInput.exchange(plan).isDefined
}
