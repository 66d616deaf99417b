package dev.ember.spark.serde.operators

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{Operator, ParquetScan}
import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerdes, OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}
import dev.ember.spark.shims.SparkShims

import org.apache.spark.sql.execution.FileSourceScanExec
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat
import org.apache.spark.sql.internal.SQLConf

/**
 * `FileSourceScanExec` over plain Parquet → `ParquetScan`. The sidecar reads the files
 * itself; the splits are filled in per task by `EmberExec`.
 */
object ParquetScanSerde extends OperatorSerde[FileSourceScanExec] {

  override val name: String = "ParquetScan"

  override def supportLevel(scan: FileSourceScanExec, conf: SQLConf): SupportLevel = {
    val relation = scan.relation
    val format = relation.fileFormat
    if (format.getClass != classOf[ParquetFileFormat]) {
      // Exact class: formats derived from Parquet (e.g. Delta's) add their own semantics.
      Unsupported(s"file format ${format.getClass.getSimpleName} is not supported (only plain Parquet)")
    } else if (relation.partitionSchema.nonEmpty) {
      Unsupported("scans of partitioned tables (partition columns " +
        relation.partitionSchema.fieldNames.mkString(", ") + ") are not supported yet")
    } else if (SparkShims.isBucketedScan(scan)) {
      Unsupported("bucketed scans are not supported yet")
    } else if (scan.output.exists(a => SparkShims.isMetadataColumn(a.metadata)) ||
      scan.requiredSchema.exists(f => SparkShims.isMetadataColumn(f.metadata))) {
      Unsupported("metadata columns (_metadata) are not supported yet")
    } else if (conf.getConfString("spark.sql.parquet.fieldId.read.enabled", "false").toBoolean) {
      Unsupported("reading Parquet by field id (spark.sql.parquet.fieldId.read.enabled) is not supported")
    } else if (scan.output.map(_.name) != scan.requiredSchema.fieldNames.toSeq) {
      Unsupported("the scan's output does not match its required schema")
    } else {
      DataTypeSerde.schemaToProto(scan.requiredSchema).fold[SupportLevel](r => Unsupported(r), _ => Compatible)
    }
  }

  override def convert(scan: FileSourceScanExec, conf: SQLConf): Either[String, Operator.Builder] =
    DataTypeSerde.schemaToProto(scan.requiredSchema).map { schema =>
      val ctx = ExprContext(scan.output, conf)
      // Data filters only prune row groups by statistics; the rows are filtered again by the
      // Filter above, so a filter Ember cannot express is simply not pushed.
      val dataFilters = scan.dataFilters.flatMap(f => ExprSerdes.convert(f, ctx).toOption)
      val parquetScan = ParquetScan.newBuilder()
        .setRequiredSchema(schema)
        .addAllDataFilters(dataFilters.asJava)
        .setCaseSensitive(conf.caseSensitiveAnalysis)
      Operator.newBuilder().setParquetScan(parquetScan)
    }
}
