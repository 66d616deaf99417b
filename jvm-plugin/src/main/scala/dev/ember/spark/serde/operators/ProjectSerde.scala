package dev.ember.spark.serde.operators

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{Operator, Project}
import dev.ember.spark.serde.{ExprContext, ExprSerdes, OperatorSerde}

import org.apache.spark.sql.catalyst.expressions.{Alias, Expression}
import org.apache.spark.sql.execution.ProjectExec
import org.apache.spark.sql.internal.SQLConf

/**
 * `ProjectExec` → `Project`: one expression per output column, bound to the child's
 * output. An `Alias` is unwrapped; its name is the output column's name.
 */
object ProjectSerde extends OperatorSerde[ProjectExec] {
  override def notes: String = "any supported expressions, with aliases"

  override val name: String = "Project"

  override def convert(project: ProjectExec, conf: SQLConf): Either[String, Operator.Builder] = {
    val ctx = ExprContext(project.child.output, conf)
    val exprs: Seq[Expression] = project.projectList.map {
      case Alias(child, _) => child
      case other => other
    }
    ExprSerdes.convertAll(exprs, ctx).map { converted =>
      Operator.newBuilder().setProject(
        Project.newBuilder()
          .addAllExprs(converted.asJava)
          .addAllNames(project.output.map(_.name).asJava))
    }
  }
}
