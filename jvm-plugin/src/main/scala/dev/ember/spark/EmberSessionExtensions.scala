package dev.ember.spark

import dev.ember.spark.rules.EmberColumnarRule

import org.apache.spark.sql.SparkSessionExtensions

/**
 * Ember's session extensions: one columnar rule that replaces supported plan fragments
 * with `EmberExec`. Registered in `spark.sql.extensions` by [[EmberPlugin]]'s driver
 * plugin, or by hand: `--conf spark.sql.extensions=dev.ember.spark.EmberSessionExtensions`.
 */
class EmberSessionExtensions extends (SparkSessionExtensions => Unit) {
  override def apply(extensions: SparkSessionExtensions): Unit =
    extensions.injectColumnar(session => EmberColumnarRule(session))
}
