package dev.ember.spark.shims

import org.apache.spark.sql.catalyst.expressions.{Abs, Add, BinaryArithmetic, Cast, Divide, EvalMode, Expression, FileSourceGeneratedMetadataStructField, FileSourceMetadataAttribute, IntegralDivide, MetadataAttribute, Multiply, Pmod, Remainder, Subtract, UnaryMinus}
import org.apache.spark.sql.execution.FileSourceScanExec
import org.apache.spark.sql.execution.datasources.{FilePartition, PartitionedFile}
import org.apache.spark.sql.types.Metadata

/**
 * The Spark 3.5 versions of the APIs that differ between Spark lines. Spark 4.x gets its
 * own copy of this object in `src/main/spark-4.x/scala`; common code calls only this.
 */
object SparkShims {

  /** The Spark line this build targets. */
  val sparkLine: String = "3.5"

  /**
   * The eval mode of `+ - * /`. In Spark 3.5 it is the third constructor argument of each
   * case class (4.x moves it into an eval context).
   */
  def arithmeticEvalMode(expr: BinaryArithmetic): Option[EvalMode.Value] = expr match {
    case Add(_, _, mode) => Some(mode)
    case Subtract(_, _, mode) => Some(mode)
    case Multiply(_, _, mode) => Some(mode)
    case Divide(_, _, mode) => Some(mode)
    case _ => None
  }

  /** The eval mode of `%`, pmod and `div`: the third constructor argument in 3.5. */
  def divModEvalMode(expr: Expression): Option[EvalMode.Value] = expr match {
    case Remainder(_, _, mode) => Some(mode)
    case Pmod(_, _, mode) => Some(mode)
    case IntegralDivide(_, _, mode) => Some(mode)
    case _ => None
  }

  /** The eval mode of unary minus and abs: their `failOnError` flag in 3.5. */
  def unaryMathEvalMode(expr: Expression): Option[EvalMode.Value] = expr match {
    case UnaryMinus(_, failOnError) => Some(if (failOnError) EvalMode.ANSI else EvalMode.LEGACY)
    case Abs(_, failOnError) => Some(if (failOnError) EvalMode.ANSI else EvalMode.LEGACY)
    case _ => None
  }

  /** The eval mode of a cast (`Cast.evalMode` in 3.5). */
  def castEvalMode(cast: Cast): EvalMode.Value = cast.evalMode

  /** The path of a split exactly as Spark gives it: a URI string (`SparkPath` in 3.5). */
  def filePath(file: PartitionedFile): String = file.filePath.toString

  /** Whether a column or attribute with this metadata is a file-source metadata column. */
  def isMetadataColumn(metadata: Metadata): Boolean =
    MetadataAttribute.isValid(metadata) ||
      FileSourceMetadataAttribute.isValid(metadata) ||
      metadata.contains(FileSourceGeneratedMetadataStructField.FILE_SOURCE_GENERATED_METADATA_COL_ATTR_KEY)

  /** Whether the scan reads by bucket (one RDD partition per bucket). */
  def isBucketedScan(scan: FileSourceScanExec): Boolean = scan.bucketedScan

  /** The file partitions Spark's own scan would read: those of its input RDD. */
  def filePartitions(scan: FileSourceScanExec): Seq[FilePartition] =
    scan.inputRDD.partitions.toSeq.map {
      case p: FilePartition => p
      case other => throw new IllegalStateException(
        s"Unexpected partition ${other.getClass.getName} in ${scan.nodeName}'s input RDD")
    }
}
