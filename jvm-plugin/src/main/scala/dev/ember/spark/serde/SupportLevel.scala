package dev.ember.spark.serde

/**
 * How well Ember supports a given Spark operator or expression instance.
 *
 * Every serde answers this for the concrete node before converting it, so the reason a
 * node stays in Spark is always known.
 */
sealed trait SupportLevel

object SupportLevel {

  /** Ember produces exactly Spark's result. */
  case object Compatible extends SupportLevel

  /**
   * Ember can run it, but its result may differ from Spark's (the reason says how). Runs
   * natively only when the user opts in for this expression.
   */
  final case class Incompatible(reason: String) extends SupportLevel

  /** Ember cannot run it; the reason says why. */
  final case class Unsupported(reason: String) extends SupportLevel
}
