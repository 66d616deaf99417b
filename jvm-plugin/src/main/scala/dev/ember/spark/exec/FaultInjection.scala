package dev.ember.spark.exec

import dev.ember.proto.plan.v1.{Operator, TaskPlan}
import dev.ember.spark.sidecar.{SidecarConnection, SidecarHandle, SidecarSupervisor}

/**
 * Test-only faults selected by `spark.ember.testing.faultInjection`, so the end-to-end
 * tests can check that a rejected plan or a refused token reaches the user as a clear
 * Spark error while the sidecar keeps serving. Does nothing when the key is unset.
 */
object FaultInjection {
  val MalformedPlan = "malformed-plan"
  val WrongToken = "wrong-token"

  /** `plan`, or for `malformed-plan` the same plan with an operator whose kind is unset. */
  def plan(plan: TaskPlan, fault: Option[String]): TaskPlan = fault match {
    case Some(MalformedPlan) =>
      plan.toBuilder.setRoot(Operator.newBuilder().setPlanId(plan.getRoot.getPlanId)).build()
    case _ => plan
  }

  /** For `wrong-token`, a handle on the running sidecar whose connection sends a wrong token. */
  def handle(supervisor: SidecarSupervisor, timeoutMs: Long, fault: Option[String]): Option[SidecarHandle] =
    fault match {
      case Some(WrongToken) =>
        val real = supervisor.awaitReady(timeoutMs)
        Some(real.copy(connection = new SidecarConnection(real.socketPath, "not-the-launch-token")))
      case _ => None
    }
}
