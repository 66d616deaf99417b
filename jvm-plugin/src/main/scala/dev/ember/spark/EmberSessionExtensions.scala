package dev.ember.spark

import dev.ember.spark.rules.{EmberBroadcastPrepRule, EmberColumnarRule}

import org.apache.spark.sql.SparkSessionExtensions

/**
 * Ember's session extensions: one columnar rule that replaces supported plan fragments
 * with `EmberExec`, and (AQE) a query-stage preparation rule choosing native broadcasts.
 * Registered in `spark.sql.extensions` by [[EmberPlugin]]'s driver plugin, or by hand:
 * `--conf spark.sql.extensions=dev.ember.spark.EmberSessionExtensions`.
 */
class EmberSessionExtensions extends (SparkSessionExtensions => Unit) {
  override def apply(extensions: SparkSessionExtensions): Unit = {
    extensions.injectColumnar(session => EmberColumnarRule(session))
    // Under AQE: which broadcasts become Ember's, decided over the whole plan (NativeBroadcast).
    extensions.injectQueryStagePrepRule(session => EmberBroadcastPrepRule(session))
  }
}
