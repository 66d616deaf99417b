package dev.ember.spark.exec

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{Operator, TaskPlan}
import dev.ember.spark.EmberConf

import org.apache.spark.{SparkConf, TaskContext}
import org.apache.spark.ember.EmberSparkInternals
import org.apache.spark.memory.{MemoryConsumer, MemoryMode, TaskMemoryManager}

/**
 * Keeps Spark's memory accounting true for the sidecar's operator state. When the sidecar's
 * budget is Spark's off-heap pool (`spark.memory.offHeap.enabled` and no
 * `spark.ember.memory`), a task whose plan holds state (sort, top-N, aggregation) first
 * acquires its share of the pool from its `TaskMemoryManager` in OFF_HEAP mode, sends that as
 * the plan's `memory_limit` (the sidecar refuses reservations beyond it, so the operators
 * spill), and frees it when the task ends. Spark's other off-heap users then see the memory
 * as taken. With a separate `spark.ember.memory`, the budget is outside Spark's pools (size
 * the executor's memory overhead for it) and nothing is acquired.
 */
object EmberTaskMemory {

  /** `plan` with the memory Spark granted the task, if any; freed when the task completes. */
  def acquire(plan: TaskPlan, context: TaskContext, conf: SparkConf): TaskPlan =
    acquire(plan, EmberSparkInternals.taskMemoryManager(context), release => context.addTaskCompletionListener[Unit](_ => release()), conf)

  /** [[acquire]] with the task's memory manager and completion hook given apart (tests). */
  def acquire(plan: TaskPlan, tmm: TaskMemoryManager, onCompletion: (() => Unit) => Unit, conf: SparkConf): TaskPlan = {
    if (!accountedBySpark(conf) || !holdsState(plan.getRoot)) return plan
    val share = EmberConf.memoryBudget(conf) / taskSlots(conf)
    val consumer = new NativeStateConsumer(tmm)
    val granted = consumer.acquireMemory(share)
    onCompletion(() => consumer.release())
    // 0 would mean "no limit": a task Spark granted nothing may reserve nothing.
    plan.toBuilder.setMemoryLimit(math.max(granted, 1L)).build()
  }

  /** Whether the sidecar's budget is Spark's off-heap pool. */
  def accountedBySpark(conf: SparkConf): Boolean =
    conf.getBoolean("spark.memory.offHeap.enabled", defaultValue = false) && EmberConf.MEMORY.get(conf).isEmpty

  /** Whether the plan has an operator that reserves state. */
  def holdsState(op: Operator): Boolean = op.getKindCase match {
    case Operator.KindCase.SORT | Operator.KindCase.TOP_N | Operator.KindCase.HASH_AGGREGATE => true
    case _ => op.getChildrenList.asScala.exists(holdsState)
  }

  /** Tasks one executor runs at once: its cores (local[N]: N) over spark.task.cpus. */
  def taskSlots(conf: SparkConf): Int = {
    val local = """local(?:-cluster)?\[(\d+|\*)(?:,\s*\d+)?\]""".r
    val cores = conf.getOption("spark.executor.cores").map(_.toInt).getOrElse {
      conf.get("spark.master", "") match {
        case "local" => 1
        case local("*") => Runtime.getRuntime.availableProcessors()
        case local(n) => n.toInt
        case _ => Runtime.getRuntime.availableProcessors()
      }
    }
    math.max(1, cores / math.max(1, conf.getInt("spark.task.cpus", 1)))
  }

  /** The task's off-heap memory held for its native operators; Spark cannot make it spill. */
  private final class NativeStateConsumer(tmm: TaskMemoryManager)
    extends MemoryConsumer(tmm, tmm.pageSizeBytes(), MemoryMode.OFF_HEAP) {

    override def spill(size: Long, trigger: MemoryConsumer): Long = 0L

    def release(): Unit = if (getUsed > 0) freeMemory(getUsed)
  }
}
