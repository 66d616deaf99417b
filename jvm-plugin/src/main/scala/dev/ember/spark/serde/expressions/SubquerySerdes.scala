package dev.ember.spark.serde.expressions

import dev.ember.proto.plan.v1.{Expr, ScalarSubquery => PScalarSubquery}
import dev.ember.spark.serde.{ExprContext, ExprSerde}

import org.apache.spark.sql.catalyst.expressions.Expression
import org.apache.spark.sql.execution.ScalarSubquery

/** Subqueries whose values Spark computes before the region runs. */
object SubquerySerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(ScalarSubquerySerde)

  /**
   * Spark's physical `ScalarSubquery` (an uncorrelated scalar subquery; the optimizer rewrites
   * correlated ones into joins) → a placeholder naming its expression id. Spark runs the
   * subquery itself before the operator holding it executes (`SparkPlan.prepare` /
   * `waitForSubqueries`); `EmberExec` keeps the expression so Spark does that for the region,
   * then replaces every placeholder by the value as a literal, once on the driver
   * (`exec/ScalarSubqueryValues`). The result type must be one Ember's literals have.
   */
  object ScalarSubquerySerde extends ExprSerde[ScalarSubquery] {
    override def notes: String = "uncorrelated scalar subqueries (in filters, HAVING, projections, join " +
      "conditions) of every primitive type: Spark computes the subquery before the region runs (and raises " +
      "its own error for more than one row); its value, NULL for no row, reaches the sidecar as a literal"

    override def convert(sub: ScalarSubquery, ctx: ExprContext): Either[String, Expr.Builder] =
      Right(Expr.newBuilder().setScalarSubquery(PScalarSubquery.newBuilder().setExprId(sub.exprId.id)))
  }
}
