package dev.ember.spark.rules

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.catalyst.rules.Rule
import org.apache.spark.sql.execution.{ColumnarRule, SparkPlan}

/**
 * Ember's columnar rule. Its pre-transition rule runs before Spark inserts the
 * row/columnar transitions, so the `EmberExec` nodes it creates get a `ColumnarToRow`
 * above them where Spark needs rows. Under AQE it runs once per query stage. Its
 * post-transition rule removes the `RowToColumnar` Spark puts below regions that read an
 * exchange's rows.
 */
case class EmberColumnarRule(session: SparkSession) extends ColumnarRule {
  override def preColumnarTransitions: Rule[SparkPlan] = EmberConversionRule(session)

  /**
   * Regions over an exchange read its rows themselves (see [[InputBoundary]]); a native
   * exchange reads its child region's tasks itself ([[NativeShuffle]]); a Spark operator reads
   * an Ember broadcast as Spark's relation ([[NativeBroadcast.SparkConsumers]]).
   */
  override def postColumnarTransitions: Rule[SparkPlan] =
    plan => NativeBroadcast.SparkConsumers(NativeShuffle.RemoveColumnarToRow(InputBoundary.RemoveRowToColumnar(plan)))
}
