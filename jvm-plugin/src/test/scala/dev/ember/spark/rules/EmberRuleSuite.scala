package dev.ember.spark.rules

import java.io.File

import scala.collection.JavaConverters._
import scala.collection.mutable

import dev.ember.proto.plan.v1.TypeId
import dev.ember.spark.{EmberPlugin, EmberSessionExtensions, EmberTags, LocalSparkSession}
import dev.ember.spark.exec.{EmberExec, ScalarSubqueryValues}
import org.apache.logging.log4j.{Level, LogManager}
import org.apache.logging.log4j.core.{LogEvent, Logger => CoreLogger}
import org.apache.logging.log4j.core.appender.AbstractAppender
import org.apache.logging.log4j.core.config.Property
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.SparkConf
import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.catalyst.expressions.SortOrder
import org.apache.spark.sql.execution.{ColumnarToRowExec, FileSourceScanExec, FilterExec, ProjectExec, ScalarSubquery, SortExec, SparkPlan}
import org.apache.spark.sql.execution.aggregate.SortAggregateExec
import org.apache.spark.sql.execution.joins.SortMergeJoinExec
import org.apache.spark.sql.functions._

/**
 * The conversion rule on real Spark plans (planning only: nothing here runs the sidecar).
 * Ember is registered through `spark.sql.extensions`, as the plugin does it.
 */
class EmberRuleSuite extends AnyFunSuite with LocalSparkSession {

  override protected def sparkConf: Map[String, String] = Map(
    "spark.sql.extensions" -> classOf[EmberSessionExtensions].getName,
    "spark.ember.explainFallback.enabled" -> "true")

  private lazy val table: String = {
    val path = new File(tempDir, "t.parquet").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(0, 100).selectExpr(
        "cast(id as int) as i",
        "id * 1000 as l",
        "cast(id as double) / 4 as x",
        "cast(id as decimal(12, 2)) as d",
        "concat('s', cast(id as string)) as s",
        "date_add(date'2020-01-01', cast(id as int)) as dt",
        "timestamp_micros(id * 1000000) as ts",
        "id % 2 = 0 as b").write.parquet(path)
    }
    path
  }

  private def executedPlan(df: DataFrame): SparkPlan = df.queryExecution.executedPlan

  private def embers(plan: SparkPlan): Seq[EmberExec] = plan.collect { case e: EmberExec => e }

  private def reasons(plan: SparkPlan): Seq[String] =
    plan.collect { case p => p.getTagValue(EmberTags.FallbackReasons).getOrElse(Nil) }.flatten

  test("the plugin adds the extensions to spark.sql.extensions and keeps the user's") {
    val conf = new SparkConf(false).set("spark.sql.extensions", "com.example.Ext1, com.example.Ext2")
    EmberPlugin.registerExtensions(conf)
    EmberPlugin.registerExtensions(conf)
    assert(conf.get("spark.sql.extensions") ===
      s"com.example.Ext1,com.example.Ext2,${classOf[EmberSessionExtensions].getName}")
    val empty = new SparkConf(false)
    EmberPlugin.registerExtensions(empty)
    assert(empty.get("spark.sql.extensions") === classOf[EmberSessionExtensions].getName)
  }

  test("filter + project over a Parquet scan becomes one EmberExec") {
    val df = spark.read.parquet(table).where("i > 10 AND s IS NOT NULL").selectExpr("i + 1 AS j", "d", "s")
    val plan = executedPlan(df)
    val Seq(ember) = embers(plan)
    assert(ember.nodeNames === Seq("Project", "Filter", "ParquetScan"))
    assert(ember.output.map(_.name) === Seq("j", "d", "s"))
    assert(plan.collect { case c: ColumnarToRowExec => c }.size === 1)
    assert(plan.collect { case p @ (_: FileSourceScanExec | _: FilterExec | _: ProjectExec) => p }.isEmpty)
    assert(plan.toString.contains("EmberExec [Project, Filter, ParquetScan]"), plan.toString)

    val project = ember.nativePlan
    assert(project.hasProject)
    assert(project.getProject.getNamesList.asScala === Seq("j", "d", "s"))
    assert(project.getProject.getExprs(0).hasArithmetic)
    val filter = project.getChildren(0)
    assert(filter.hasFilter && filter.getFilter.getCondition.hasAnd)
    val scan = filter.getChildren(0)
    assert(scan.hasParquetScan && scan.getChildrenCount === 0)
    // The required columns, in the file's column order.
    assert(scan.getParquetScan.getRequiredSchema.getFieldsList.asScala.map(_.getName) === Seq("i", "d", "s"))
    assert(scan.getParquetScan.getFilesCount === 0, "the template has no files")
    assert(scan.getParquetScan.getDataFiltersCount > 0, "Spark pushed i > 10 and s IS NOT NULL")
    assert(!scan.getParquetScan.getCaseSensitive)
    assert(scan.getParquetScan.getDatetimeRebaseMode === "EXCEPTION")
    assert(scan.getParquetScan.getInt96RebaseMode === "EXCEPTION")
    assert(!scan.getParquetScan.getIgnoreCorruptFiles && !scan.getParquetScan.getIgnoreMissingFiles)
    withSQLConf("spark.sql.parquet.datetimeRebaseModeInRead" -> "CORRECTED", "spark.sql.caseSensitive" -> "true") {
      val corrected = embers(executedPlan(spark.read.parquet(table))).head.nativePlan.getParquetScan
      assert(corrected.getDatetimeRebaseMode === "CORRECTED")
      assert(corrected.getCaseSensitive)
    }
    val ids = Seq(project, filter, scan).map(_.getPlanId)
    assert(ids.distinct.size === 3 && ids.forall(_ > 0))
  }

  test("attribute references are bound to the child's output ordinals") {
    val df = spark.read.parquet(table).where("l > 5").select(col("s"), col("i"))
    val Seq(ember) = embers(executedPlan(df))
    val scanSchema = ember.nativePlan.getChildren(0).getChildren(0).getParquetScan.getRequiredSchema
      .getFieldsList.asScala.map(_.getName)
    val exprs = ember.nativePlan.getProject.getExprsList.asScala
    assert(exprs.map(e => scanSchema(e.getColumn.getOrdinal)) === Seq("s", "i"))
  }

  test("a scan alone and a filter alone convert too") {
    val scanOnly = embers(executedPlan(spark.read.parquet(table)))
    assert(scanOnly.map(_.nodeNames) === Seq(Seq("ParquetScan")))
    val filterOnly = embers(executedPlan(spark.read.parquet(table).where("x < 3.5")))
    assert(filterOnly.map(_.nodeNames) === Seq(Seq("Filter", "ParquetScan")))
    val types = scanOnly.head.nativePlan.getParquetScan.getRequiredSchema.getFieldsList.asScala.map(_.getType.getId)
    assert(types === Seq(TypeId.TYPE_ID_INT, TypeId.TYPE_ID_LONG, TypeId.TYPE_ID_DOUBLE, TypeId.TYPE_ID_DECIMAL,
      TypeId.TYPE_ID_STRING, TypeId.TYPE_ID_DATE, TypeId.TYPE_ID_TIMESTAMP, TypeId.TYPE_ID_BOOLEAN))
  }

  test("spark.ember.enabled=false leaves the plan alone") {
    withSQLConf("spark.ember.enabled" -> "false") {
      val plan = executedPlan(spark.read.parquet(table).where("i > 10").select("i", "s"))
      assert(embers(plan).isEmpty)
      assert(plan.collect { case s: FileSourceScanExec => s }.size === 1)
      assert(reasons(plan).isEmpty)
    }
  }

  test("an unsupported projection stays in Spark with a reason naming the expression") {
    val logs = captureWarnings {
      val plan = executedPlan(spark.read.parquet(table).where("i > 10").select(initcap(col("s")).as("u"), col("i")))
      val project = plan.collectFirst { case p: ProjectExec => p }.getOrElse(fail(s"no Project in $plan"))
      val why = project.getTagValue(EmberTags.FallbackReasons).getOrElse(Nil)
      assert(why.exists(_.contains("expression InitCap is not supported")), why)
      // The region below it is still native.
      assert(embers(plan).map(_.nodeNames) === Seq(Seq("Filter", "ParquetScan")))
    }
    assert(logs.exists(m => m.contains("Project") && m.contains("InitCap")), logs)
  }

  test("an unsupported type in the scan is declined with the type in the reason") {
    val path = new File(tempDir, "arrays.parquet").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(3).selectExpr("id", "array(id, id) AS a").write.parquet(path)
    }
    val plan = executedPlan(spark.read.parquet(path).where("id > 0"))
    assert(embers(plan).isEmpty)
    val scan = plan.collectFirst { case s: FileSourceScanExec => s }.get
    val why = scan.getTagValue(EmberTags.FallbackReasons).get
    assert(why.exists(_.contains("array<bigint>")), why)
    val filter = plan.collectFirst { case f: FilterExec => f }.get
    assert(filter.getTagValue(EmberTags.FallbackReasons).get.exists(_.contains("array<bigint>")))
  }

  test("ANSI mode: arithmetic runs natively, what the sidecar cannot run exactly is declined") {
    withSQLConf("spark.sql.ansi.enabled" -> "true") {
      val native = executedPlan(spark.read.parquet(table).selectExpr("i + 1 AS j", "abs(d) AS k"))
      assert(embers(native).map(_.nodeNames) === Seq(Seq("Project", "ParquetScan")))
      val plan = executedPlan(spark.read.parquet(table)
        .selectExpr("CAST(d AS DECIMAL(38, 0)) % CAST(d AS DECIMAL(38, 10)) AS j"))
      assert(embers(plan).map(_.nodeNames) === Seq(Seq("ParquetScan")))
      assert(reasons(plan).exists(_.contains("Division impossible")), reasons(plan))
    }
  }

  test("partitioned tables, bucketed tables, metadata columns and other formats are declined") {
    val partitioned = new File(tempDir, "partitioned").getAbsolutePath
    val json = new File(tempDir, "t.json").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(10).selectExpr("id", "id % 3 AS p").write.partitionBy("p").parquet(partitioned)
      spark.range(10).write.json(json)
      spark.range(10).selectExpr("id", "id AS k").write.bucketBy(4, "k").format("parquet")
        .saveAsTable("bucketed")
    }
    def scanReasons(df: DataFrame): Seq[String] = {
      val plan = executedPlan(df)
      assert(embers(plan).isEmpty, plan)
      plan.collectFirst { case s: FileSourceScanExec => s }.get.getTagValue(EmberTags.FallbackReasons).get
    }
    assert(scanReasons(spark.read.parquet(partitioned)).exists(_.contains("partition")))
    assert(scanReasons(spark.read.json(json)).exists(_.contains("JsonFileFormat")))
    assert(scanReasons(spark.read.parquet(table).select(col("i"), col("_metadata.file_name")))
      .exists(_.contains("metadata")))
    withSQLConf("spark.sql.sources.bucketing.autoBucketedScan.enabled" -> "false") {
      assert(scanReasons(spark.table("bucketed")).exists(_.contains("bucketed")))
    }
  }

  test("Parquet read settings the sidecar does not implement are declined") {
    val settings = Seq(
      "spark.sql.parquet.datetimeRebaseModeInRead" -> "LEGACY",
      "spark.sql.parquet.int96RebaseModeInRead" -> "LEGACY",
      "spark.sql.parquet.int96TimestampConversion" -> "true",
      "spark.sql.files.ignoreCorruptFiles" -> "true",
      "spark.sql.files.ignoreMissingFiles" -> "true",
      "spark.sql.parquet.fieldId.read.enabled" -> "true")
    settings.foreach { setting =>
      withSQLConf(setting) {
        val plan = executedPlan(spark.read.parquet(table).where("i > 1"))
        assert(embers(plan).isEmpty, setting)
        val scan = plan.collectFirst { case s: FileSourceScanExec => s }.get
        assert(scan.getTagValue(EmberTags.FallbackReasons).get.exists(_.contains("not supported")), setting)
      }
    }
    val withOption = executedPlan(spark.read.option("datetimeRebaseMode", "LEGACY").parquet(table))
    assert(embers(withOption).isEmpty)
  }

  test("per-operator switches") {
    withSQLConf("spark.ember.operator.Filter.enabled" -> "false") {
      val plan = executedPlan(spark.read.parquet(table).where("i > 1").select("i"))
      assert(embers(plan).map(_.nodeNames) === Seq(Seq("ParquetScan")))
      assert(reasons(plan).exists(_.contains("spark.ember.operator.Filter.enabled=false")))
    }
  }

  test("equal regions canonicalize equal") {
    val a = embers(executedPlan(spark.read.parquet(table).where("i > 3"))).head
    val b = embers(executedPlan(spark.read.parquet(table).where("i > 3"))).head
    assert(a.nativePlan != b.nativePlan, "plan ids differ")
    assert(a.canonicalized == b.canonicalized)
    val c = embers(executedPlan(spark.read.parquet(table).where("i > 4"))).head
    assert(a.canonicalized != c.canonicalized)
  }

  test("a scalar subquery is a placeholder in the region's plan, its Spark expression one of the EmberExec's") {
    spark.read.parquet(table).createOrReplaceTempView("sq_rule_t")
    withSQLConf("spark.sql.adaptive.enabled" -> "false") {
      val plan = executedPlan(spark.sql("SELECT i FROM sq_rule_t WHERE d > (SELECT avg(d) FROM sq_rule_t)"))
      val Seq(region) = embers(plan).filter(_.scalarSubqueries.nonEmpty)
      val Seq(sub: ScalarSubquery) = region.scalarSubqueries
      assert(region.expressions.contains(sub), "Spark prepares and computes the subqueries among a node's expressions")
      assert(ScalarSubqueryValues.placeholders(region.nativePlan) === Seq(sub.exprId.id))
      // A value Ember's literals cannot hold is declined with its type.
      val struct = executedPlan(spark.sql(
        "SELECT i FROM sq_rule_t WHERE (SELECT named_struct('a', max(i)) FROM sq_rule_t) IS NOT NULL"))
      assert(reasons(struct).exists(_.contains("expression ScalarSubquery: result data type struct<a:int> is not supported")),
        struct)
    }
  }

  /**
   * Runs `body` with shuffled joins planned as sort-merge joins, planning alone (no AQE), and
   * the test table as view `smj_t`.
   */
  private def withSortMergeJoins[T](body: => T): T = {
    spark.read.parquet(table).createOrReplaceTempView("smj_t")
    withSQLConf("spark.sql.autoBroadcastJoinThreshold" -> "-1", "spark.sql.adaptive.enabled" -> "false",
      "spark.sql.join.preferSortMergeJoin" -> "true")(body)
  }

  private def smjs(plan: SparkPlan): Seq[SortMergeJoinExec] = plan.collect { case j: SortMergeJoinExec => j }

  private def reasonOf(plan: SparkPlan): Seq[String] = plan.getTagValue(EmberTags.FallbackReasons).getOrElse(Nil)

  /** Every Spark node's required child ordering is still met by its children. */
  private def assertOrderingsMet(plan: SparkPlan): Unit = plan.foreach { p =>
    p.children.zip(p.requiredChildOrdering).foreach { case (c, required) =>
      assert(SortOrder.orderingSatisfies(c.outputOrdering, required), s"${p.nodeName} lost its child's order:\n$plan")
    }
  }

  test("stacked sort-merge joins on one key all become one native hash-join region (inner, outer, semi, anti)") {
    withSortMergeJoins {
      for (sql <- Seq(
        "SELECT x.i, y.s, z.l FROM smj_t x JOIN smj_t y ON x.i = y.i JOIN smj_t z ON x.i = z.i",
        "SELECT x.i, z.l FROM smj_t x LEFT SEMI JOIN smj_t y ON x.i = y.i LEFT OUTER JOIN smj_t z ON x.i = z.i",
        "SELECT x.i, x.s FROM smj_t x LEFT SEMI JOIN smj_t y ON x.i = y.i AND y.l > x.l LEFT ANTI JOIN smj_t z " +
          "ON x.i = z.i AND z.l <> x.l")) {
        val plan = executedPlan(spark.sql(sql))
        assert(smjs(plan).isEmpty, plan)
        assert(plan.collect { case s: SortExec => s }.isEmpty, plan)
        val Seq(region) = embers(plan).filter(_.zipInputs)
        assert(region.inputs.size === 3 && region.nodeNames.count(_ == "SortMergeJoin") === 2, plan)
        assert(region.outputOrdering.isEmpty)
        assertOrderingsMet(plan)
      }
    }
  }

  test("a sort aggregate above a sort-merge join on its keys: both run natively, neither needs the order") {
    withSortMergeJoins {
      val plan = executedPlan(spark.sql("SELECT x.i, max(y.s) FROM smj_t x JOIN smj_t y ON x.i = y.i GROUP BY x.i"))
      assert(plan.collect { case a: SortAggregateExec => a }.isEmpty && smjs(plan).isEmpty, plan)
      assertOrderingsMet(plan)
    }
  }

  test("a window that stays in Spark keeps the order of the sort-merge joins below it") {
    withSortMergeJoins {
      val plan = executedPlan(spark.sql("SELECT x.i, y.s, z.l, count(*) OVER (PARTITION BY x.i) AS n " +
        "FROM smj_t x JOIN smj_t y ON x.i = y.i JOIN smj_t z ON x.i = z.i"))
      assert(smjs(plan).size === 2, plan)
      smjs(plan).foreach(j => assert(reasonOf(j).exists(_.contains("relies on the sort-merge join's output")), plan))
      assertOrderingsMet(plan)
    }
  }

  test("an upper sort-merge join kept for its build size keeps the lower one's order") {
    val small = new File(tempDir, "smj_small.parquet").getAbsolutePath
    val big = new File(tempDir, "smj_big.parquet").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(0, 10).selectExpr("cast(id as int) as i").write.parquet(small)
      spark.range(0, 200000).selectExpr("cast(id as int) as i", "id * 7 as l").write.parquet(big)
    }
    spark.read.parquet(small).createOrReplaceTempView("smj_small")
    spark.read.parquet(big).createOrReplaceTempView("smj_big")
    val query = "SELECT x.i, z.l FROM smj_t x JOIN smj_small y ON x.i = y.i LEFT OUTER JOIN smj_big z ON x.i = z.i"
    withSortMergeJoins {
      // Both replaced while the big side fits.
      assert(smjs(executedPlan(spark.sql(query))).isEmpty)
      withSQLConf("spark.ember.sortMergeJoin.maxBuildPartitionBytes" -> "100000") {
        val plan = executedPlan(spark.sql(query))
        val Seq(upper, lower) = smjs(plan)
        assert(reasonOf(upper).exists(_.contains("spark.ember.sortMergeJoin.maxBuildPartitionBytes")), plan)
        assert(reasonOf(lower).exists(_.contains("relies on the sort-merge join's output")), plan)
        assertOrderingsMet(plan)
      }
    }
  }

  test("a build side that joins tables is sized as a foreign-key join, not as the product Spark's statistics give") {
    val big = new File(tempDir, "fk_big.parquet").getAbsolutePath
    withSQLConf("spark.ember.enabled" -> "false") {
      spark.range(0, 200000).selectExpr("cast(id as int) as i", "id * 7 as l").write.parquet(big)
    }
    spark.read.parquet(big).createOrReplaceTempView("fk_big")
    // The outer join builds its right side: three tables joined on their key.
    val query = "SELECT x.i, z.l FROM smj_t x LEFT OUTER JOIN (SELECT a.i, b.l FROM fk_big a JOIN fk_big b " +
      "ON a.i = b.i JOIN fk_big c ON b.i = c.i) z ON x.i = z.i"
    withSortMergeJoins {
      val build = spark.sql(query).queryExecution.optimizedPlan.collectFirst {
        case j: org.apache.spark.sql.catalyst.plans.logical.Join if j.joinType == org.apache.spark.sql.catalyst.plans.LeftOuter => j.right
      }.get
      val spark3 = build.stats.sizeInBytes
      val fk = dev.ember.spark.serde.operators.PlanSizeEstimate.sizeInBytes(build)
      // Spark: the product of three ~1 MB files; a foreign-key join: about one file's rows of (i, l).
      val file = spark.table("fk_big").queryExecution.optimizedPlan.stats.sizeInBytes
      assert(spark3 > BigInt(1L << 40), spark3)
      assert(fk >= file / 2 && fk <= file * 3, s"$fk for files of $file bytes")
      withSQLConf("spark.ember.enabled" -> "false") {
        assert(smjs(executedPlan(spark.sql(query))).size === 3)
      }
      assert(smjs(executedPlan(spark.sql(query))).isEmpty)
      // The estimate still counts: a limit under it keeps the outer join in Spark.
      withSQLConf("spark.ember.sortMergeJoin.maxBuildPartitionBytes" -> "1000") {
        val plan = executedPlan(spark.sql(query))
        assert(smjs(plan).exists(j => reasonOf(j).exists(_.contains("spark.ember.sortMergeJoin.maxBuildPartitionBytes"))), plan)
      }
    }
  }

  test("a chain of sort-merge joins over more exchanges than a task reads keeps every order it needs") {
    withSortMergeJoins {
      // Four exchanges on one key: one region.
      val four = executedPlan(spark.sql("SELECT x.i, y.s, z.l, w.d FROM smj_t x JOIN smj_t y ON x.i = y.i " +
        "JOIN smj_t z ON x.i = z.i JOIN smj_t w ON x.i = w.i"))
      assert(smjs(four).isEmpty && embers(four).exists(_.inputs.size == 4), four)
      // Five: the top join stays in Spark and merges, so every join below keeps its order.
      val plan = executedPlan(spark.sql("SELECT x.i, y.s, z.l, w.d, v.b FROM smj_t x JOIN smj_t y ON x.i = y.i " +
        "JOIN smj_t z ON x.i = z.i JOIN smj_t w ON x.i = w.i JOIN smj_t v ON x.i = v.i"))
      assertOrderingsMet(plan)
      assert(smjs(plan).size === 4, plan)
    }
  }

  /** The WARN messages of the conversion rule's logger while `body` runs. */
  private def captureWarnings(body: => Unit): Seq[String] = {
    val messages = mutable.ArrayBuffer.empty[String]
    val appender = new AbstractAppender("ember-test", null, null, true, Property.EMPTY_ARRAY) {
      override def append(event: LogEvent): Unit = if (event.getLevel == Level.WARN) {
        messages.synchronized(messages += event.getMessage.getFormattedMessage)
      }
    }
    appender.start()
    val logger = LogManager.getLogger(classOf[EmberConversionRule]).asInstanceOf[CoreLogger]
    logger.addAppender(appender)
    try body
    finally {
      logger.removeAppender(appender)
      appender.stop()
    }
    messages.synchronized(messages.toList)
  }
}
