package dev.ember.spark.serde.operators

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{Expand, ExpandProjection, Operator}
import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerdes, OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.execution.ExpandExec
import org.apache.spark.sql.internal.SQLConf
import org.apache.spark.sql.types.{StructField, StructType}

/**
 * `ExpandExec` → `Expand`: for every input row, one output row per projection, in
 * Spark's order (ROLLUP, CUBE, GROUPING SETS and several count(DISTINCT) plan it).
 */
object ExpandSerde extends OperatorSerde[ExpandExec] {
  override def notes: String =
    "any supported expressions; rows come out in Spark's order (each input row's projections in turn)"

  override val name: String = "Expand"

  override def supportLevel(expand: ExpandExec, conf: SQLConf): SupportLevel = {
    val mismatch = expand.projections.iterator.flatMap(_.zip(expand.output)).collectFirst {
      case (e, a) if e.dataType != a.dataType =>
        s"projection expression $e is ${e.dataType.catalogString} but output ${a.name} is ${a.dataType.catalogString}"
      case (e, a) if e.nullable && !a.nullable => s"projection expression $e is nullable but output ${a.name} is not"
    }
    mismatch.map(Unsupported(_)).getOrElse(Compatible)
  }

  override def convert(expand: ExpandExec, conf: SQLConf): Either[String, Operator.Builder] = {
    val ctx = ExprContext(expand.child.output, conf)
    for {
      output <- DataTypeSerde.schemaToProto(StructType(expand.output.map(a => StructField(a.name, a.dataType, a.nullable))))
      projections <- ExprSerdes.sequence(expand.projections.map { p =>
        ExprSerdes.convertAll(p, ctx).map(exprs => ExpandProjection.newBuilder().addAllExprs(exprs.asJava).build())
      })
    } yield Operator.newBuilder().setExpand(
      Expand.newBuilder().addAllProjections(projections.asJava).setOutput(output))
  }
}
