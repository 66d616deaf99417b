package dev.ember.spark.serde.operators

import dev.ember.proto.plan.v1.{Operator, Union}
import dev.ember.spark.serde.{OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.execution.UnionExec
import org.apache.spark.sql.internal.SQLConf

/**
 * `UnionExec` → `Union`. Its branches are native regions over Parquet scans; the
 * region's partitions are the branches' in turn, and each task runs the branch of its
 * partition, as Spark's union RDD does.
 */
object UnionSerde extends OperatorSerde[UnionExec] {
  override def notes: String = "UNION ALL of native branches that read Parquet, or of native branches over exchanges"

  override val name: String = "Union"

  override def supportLevel(union: UnionExec, conf: SQLConf): SupportLevel = {
    val mismatch = union.children.iterator.flatMap(_.output.zip(union.output)).collectFirst {
      case (c, u) if c.dataType != u.dataType =>
        s"branch column ${c.name} is ${c.dataType.catalogString} but the union's is ${u.dataType.catalogString}"
    }
    mismatch.map(Unsupported(_)).getOrElse(Compatible)
  }

  override def convert(union: UnionExec, conf: SQLConf): Either[String, Operator.Builder] =
    Right(Operator.newBuilder().setUnion(Union.newBuilder()))
}
