package dev.ember.spark.serde

import dev.ember.proto.plan.v1.EvalMode
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{EvalMode => SparkEvalMode}

/** Spark's `EvalMode` and what Ember supports of it. */
object EvalModes {

  /** The reason given for expressions evaluated in ANSI mode. */
  val AnsiNotSupported = "ANSI mode not supported yet"

  /** For expressions whose sidecar kernels implement legacy (non-ANSI) evaluation only. */
  def supportLevel(mode: SparkEvalMode.Value): SupportLevel = mode match {
    case SparkEvalMode.LEGACY => Compatible
    case SparkEvalMode.ANSI => Unsupported(AnsiNotSupported)
    case SparkEvalMode.TRY => Unsupported("TRY eval mode (try_* functions) not supported yet")
    case other => Unsupported(s"eval mode $other not supported")
  }

  /** For expressions whose sidecar kernels implement all three modes. */
  def allModes(mode: SparkEvalMode.Value): SupportLevel = mode match {
    case SparkEvalMode.LEGACY | SparkEvalMode.ANSI | SparkEvalMode.TRY => Compatible
    case other => Unsupported(s"eval mode $other not supported")
  }

  /** The proto eval mode. */
  def toProto(mode: SparkEvalMode.Value): EvalMode = mode match {
    case SparkEvalMode.LEGACY => EvalMode.EVAL_MODE_LEGACY
    case SparkEvalMode.ANSI => EvalMode.EVAL_MODE_ANSI
    case SparkEvalMode.TRY => EvalMode.EVAL_MODE_TRY
    case _ => EvalMode.EVAL_MODE_UNSPECIFIED
  }
}
