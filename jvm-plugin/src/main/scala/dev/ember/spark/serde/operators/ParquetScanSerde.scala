package dev.ember.spark.serde.operators

import java.util.Locale

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{Operator, ParquetScan}
import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerdes, OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}
import dev.ember.spark.shims.SparkShims

import org.apache.spark.sql.execution.FileSourceScanExec
import org.apache.spark.sql.execution.datasources.parquet.{ParquetFileFormat, ParquetOptions}
import org.apache.spark.sql.internal.SQLConf

/**
 * `FileSourceScanExec` over plain Parquet → `ParquetScan`. The sidecar reads the files
 * itself; the splits are filled in per task by `EmberExec`.
 */
object ParquetScanSerde extends OperatorSerde[FileSourceScanExec] {
  override def notes: String =
    "Parquet on local files; row groups by Spark's midpoint rule, pruned by min/max statistics; " +
      "partitioned, bucketed and metadata-column scans, LEGACY datetime rebase, INT96 conversion and " +
      "ignoreCorrupt/MissingFiles stay in Spark"

  override val name: String = "ParquetScan"

  override def supportLevel(scan: FileSourceScanExec, conf: SQLConf): SupportLevel = {
    val relation = scan.relation
    val format = relation.fileFormat
    // The first check that fails gives the reason; later checks may assume earlier ones.
    def declineIf(cond: => Boolean)(reason: => String): () => Option[String] =
      () => if (cond) Some(reason) else None
    val checks: Iterator[() => Option[String]] = Iterator(
      // Exact class: formats derived from Parquet (e.g. Delta's) add their own semantics.
      declineIf(format.getClass != classOf[ParquetFileFormat])(
        s"file format ${format.getClass.getSimpleName} is not supported (only plain Parquet)"),
      declineIf(relation.partitionSchema.nonEmpty)(
        s"scans of partitioned tables (partition columns ${relation.partitionSchema.fieldNames.mkString(", ")}) " +
          "are not supported yet"),
      declineIf(SparkShims.isBucketedScan(scan))("bucketed scans are not supported yet"),
      declineIf(scan.output.exists(a => SparkShims.isMetadataColumn(a.metadata)) ||
        scan.requiredSchema.exists(f => SparkShims.isMetadataColumn(f.metadata)))(
        "metadata columns (_metadata) are not supported yet"),
      declineIf(conf.getConfString("spark.sql.parquet.fieldId.read.enabled", "false").toBoolean)(
        "reading Parquet by field id (spark.sql.parquet.fieldId.read.enabled) is not supported"),
      () => readBehaviour(scan, conf),
      () => nanPruningHazard(scan, conf),
      declineIf(scan.output.map(_.name) != scan.requiredSchema.fieldNames.toSeq)(
        "the scan's output does not match its required schema"),
      () => DataTypeSerde.schemaToProto(scan.requiredSchema).left.toOption)
    checks.map(_.apply()).collectFirst { case Some(reason) => reason } match {
      case Some(reason) => Unsupported(reason)
      case None => Compatible
    }
  }

  /**
   * Read settings that change what Spark returns and that Ember declines for now: legacy
   * calendar rebasing, Impala INT96 conversion, skipping corrupt or missing files. (The plan
   * carries all of them, so a sidecar that implements one can be allowed here.)
   */
  private def readBehaviour(scan: FileSourceScanExec, conf: SQLConf): Option[String] = {
    val options = new ParquetOptions(scan.relation.options, conf)
    if (options.datetimeRebaseModeInRead.equalsIgnoreCase("LEGACY") ||
      options.int96RebaseModeInRead.equalsIgnoreCase("LEGACY")) {
      Some("LEGACY datetime rebasing of Parquet values is not supported yet")
    } else if (conf.isParquetINT96TimestampConversion) {
      Some("spark.sql.parquet.int96TimestampConversion is not supported yet")
    } else if (options.ignoreCorruptFiles || options.ignoreMissingFiles) {
      Some("ignoreCorruptFiles / ignoreMissingFiles are not supported yet")
    } else {
      None
    }
  }

  /**
   * With `spark.sql.parquet.filterPushdown` on, parquet-mr drops row groups whose min/max
   * statistics exclude the pushed filters. Writers other than parquet-mr (pyarrow, parquet-rs)
   * leave NaN out of float/double statistics, so Spark then skips NaN rows that its filter
   * would keep (NaN is greater than every number in Spark). Ember does not reproduce
   * parquet-mr's row-group, dictionary and page-index filtering, so a scan with a pushed
   * filter that a NaN value could satisfy stays in Spark: only Spark gives Spark's answer.
   */
  private def nanPruningHazard(scan: FileSourceScanExec, conf: SQLConf): Option[String] =
    if (!conf.parquetFilterPushDown) None
    else NanPruning.hazardousConjunct(scan.dataFilters).map { f =>
      s"the pushed filter ${f.sql} could hold for NaN values of a float/double column, which other " +
        "writers than parquet-mr leave out of Parquet statistics, so Spark's row-group filtering can skip " +
        "rows its filter keeps; Ember cannot reproduce that (spark.sql.parquet.filterPushdown=false runs it natively)"
    }

  override def convert(scan: FileSourceScanExec, conf: SQLConf): Either[String, Operator.Builder] =
    DataTypeSerde.schemaToProto(scan.requiredSchema).map { schema =>
      val ctx = ExprContext(scan.output, conf)
      // Data filters only prune row groups by statistics; the rows are filtered again by the
      // Filter above, so a filter Ember cannot express is simply not pushed.
      val dataFilters = scan.dataFilters.flatMap(f => ExprSerdes.convert(f, ctx).toOption)
      // Per-read options override the session settings, as in Spark's ParquetOptions.
      val options = new ParquetOptions(scan.relation.options, conf)
      val parquetScan = ParquetScan.newBuilder()
        .setRequiredSchema(schema)
        .addAllDataFilters(dataFilters.asJava)
        .setCaseSensitive(conf.caseSensitiveAnalysis)
        .setDatetimeRebaseMode(options.datetimeRebaseModeInRead.toUpperCase(Locale.ROOT))
        .setInt96RebaseMode(options.int96RebaseModeInRead.toUpperCase(Locale.ROOT))
        .setInt96TimestampConversion(conf.isParquetINT96TimestampConversion)
        .setIgnoreMissingFiles(options.ignoreMissingFiles)
        .setIgnoreCorruptFiles(options.ignoreCorruptFiles)
      Operator.newBuilder().setParquetScan(parquetScan)
    }
}
