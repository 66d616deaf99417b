package dev.ember.spark.exec

import java.util.concurrent.ConcurrentHashMap

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
 * acquires part of its fair share of the pool from its `TaskMemoryManager` in OFF_HEAP mode,
 * sends that as
 * the plan's `memory_limit` (the sidecar refuses reservations beyond it, so the operators
 * spill), and frees it when the task ends. Spark's other off-heap users then see the memory
 * as taken. The native regions of a task take at most half of its share (budget / task slots /
 * 2): the first region a quarter, the next an eighth, and so on (a sort-merge join runs two
 * regions in one task), because Spark's own operators in the same task (a hash aggregate
 * above the region) draw on the same per-task maximum and the sidecar cannot give memory back
 * when Spark asks consumers to spill. With a separate `spark.ember.memory`, the budget is
 * outside Spark's pools (size the executor's memory overhead for it) and nothing is acquired.
 */
object EmberTaskMemory {

  /** Native regions that acquired memory, per running task. */
  private val regionsOfTask = new ConcurrentHashMap[TaskMemoryManager, Integer]()

  /** `plan` with the memory Spark granted the task, if any; freed when the task completes. */
  def acquire(plan: TaskPlan, context: TaskContext, conf: SparkConf): TaskPlan =
    acquire(plan, EmberSparkInternals.taskMemoryManager(context), release => context.addTaskCompletionListener[Unit](_ => release()), conf)

  /** [[acquire]] with the task's memory manager and completion hook given apart (tests). */
  def acquire(plan: TaskPlan, tmm: TaskMemoryManager, onCompletion: (() => Unit) => Unit, conf: SparkConf): TaskPlan = {
    if (!accountedBySpark(conf) || !holdsState(plan.getRoot)) return plan
    val earlierRegions = regionsOfTask.merge(tmm, 1, (a: Integer, b: Integer) => Integer.valueOf(a + b)) - 1
    val request = EmberConf.memoryBudget(conf) / taskSlots(conf) / 4 >> math.min(earlierRegions, 62)
    val consumer = new NativeStateConsumer(tmm)
    val granted = consumer.acquireMemory(request)
    onCompletion { () =>
      regionsOfTask.remove(tmm)
      consumer.release()
    }
    // 0 would mean "no limit": a task Spark granted nothing may reserve nothing.
    plan.toBuilder.setMemoryLimit(math.max(granted, 1L)).build()
  }

  /** Whether the sidecar's budget is Spark's off-heap pool. */
  def accountedBySpark(conf: SparkConf): Boolean =
    conf.getBoolean("spark.memory.offHeap.enabled", defaultValue = false) && EmberConf.MEMORY.get(conf).isEmpty

  /** Whether the plan has an operator that reserves state. */
  def holdsState(op: Operator): Boolean = op.getKindCase match {
    case Operator.KindCase.SORT | Operator.KindCase.TOP_N | Operator.KindCase.HASH_AGGREGATE |
         Operator.KindCase.HASH_JOIN => true
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
