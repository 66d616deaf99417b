package dev.ember.spark.serde.operators

import dev.ember.proto.plan.v1.{Filter, Operator}
import dev.ember.spark.serde.{ExprContext, ExprSerdes, OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.execution.FilterExec
import org.apache.spark.sql.internal.SQLConf
import org.apache.spark.sql.types.BooleanType

/** `FilterExec` → `Filter`, its condition bound to the child's output. */
object FilterSerde extends OperatorSerde[FilterExec] {
  override def notes: String = "any supported condition"

  override val name: String = "Filter"

  override def supportLevel(filter: FilterExec, conf: SQLConf): SupportLevel =
    if (filter.condition.dataType != BooleanType) {
      Unsupported(s"condition of type ${filter.condition.dataType.catalogString}")
    } else {
      Compatible
    }

  override def convert(filter: FilterExec, conf: SQLConf): Either[String, Operator.Builder] =
    ExprSerdes.convert(filter.condition, ExprContext(filter.child.output, conf))
      .map(cond => Operator.newBuilder().setFilter(Filter.newBuilder().setCondition(cond)))
}
