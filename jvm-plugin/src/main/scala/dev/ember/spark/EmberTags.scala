package dev.ember.spark

import org.apache.spark.sql.catalyst.trees.TreeNodeTag

/** Tags Ember puts on Spark plan nodes. */
object EmberTags {

  /**
   * Why Ember left this node to Spark, one entry per reason. Set by the conversion rule on
   * every node it declines, so tests (and tools) can read it from the executed plan.
   */
  val FallbackReasons: TreeNodeTag[Seq[String]] = TreeNodeTag[Seq[String]]("ember.fallbackReasons")
}
