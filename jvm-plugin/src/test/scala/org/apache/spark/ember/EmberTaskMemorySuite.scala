package org.apache.spark.ember

import dev.ember.proto.plan.v1.{Operator, Sort, TaskPlan}
import dev.ember.spark.EmberConf
import dev.ember.spark.exec.EmberTaskMemory
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.SparkConf
import org.apache.spark.memory.{MemoryConsumer, MemoryMode, TaskMemoryManager, UnifiedMemoryManager}
import org.apache.spark.sql.internal.SQLConf

/**
 * With Spark's off-heap pool as the sidecar's budget, a task with native state takes its
 * share from Spark's TaskMemoryManager, sends it as the plan's memory limit, and gives it
 * back when the task completes. (Lives here for UnifiedMemoryManager's constructor.)
 */
class EmberTaskMemorySuite extends AnyFunSuite {

  private val mb = 1L << 20

  private def conf(extra: (String, String)*): SparkConf =
    new SparkConf(false).setAll(Seq("spark.master" -> "local[4]", "spark.memory.offHeap.enabled" -> "true",
      "spark.memory.offHeap.size" -> "64m") ++ extra)

  private val sortPlan = TaskPlan.newBuilder().setTaskId("t")
    .setRoot(Operator.newBuilder().setSort(Sort.getDefaultInstance)
      .addChildren(Operator.newBuilder().setPlanId(2))).build()

  test("a sort acquires budget / slots / 4 off-heap, limits the plan, and frees it at completion") {
    val c = conf()
    val manager = new UnifiedMemoryManager(c, 256 * mb, 128 * mb, 4)
    val tmm = new TaskMemoryManager(manager, 1)
    var completion: () => Unit = null
    val plan = EmberTaskMemory.acquire(sortPlan, tmm, f => completion = f, c)
    assert(plan.getMemoryLimit === 4 * mb)
    assert(manager.executionMemoryUsed === 4 * mb)
    assert(tmm.getMemoryConsumptionForThisTask === 4 * mb)
    assert(completion != null)
    completion()
    assert(manager.executionMemoryUsed === 0)
    assert(tmm.cleanUpAllAllocatedMemory() === 0, "nothing leaked")
  }

  test("Spark's own operators in the same task keep half of the task's share, with several regions") {
    // One slot: the task's share is the whole 64 MB pool; its regions take 16 + 8 + 4 MB.
    val c = conf("spark.master" -> "local")
    val manager = new UnifiedMemoryManager(c, 256 * mb, 128 * mb, 1)
    val tmm = new TaskMemoryManager(manager, 1)
    val completions = scala.collection.mutable.ArrayBuffer[() => Unit]()
    val limits = (1 to 3).map(_ => EmberTaskMemory.acquire(sortPlan, tmm, f => completions += f, c).getMemoryLimit)
    assert(limits === Seq(16 * mb, 8 * mb, 4 * mb))
    val sparkOperator = new MemoryConsumer(tmm, tmm.pageSizeBytes(), MemoryMode.OFF_HEAP) {
      override def spill(size: Long, trigger: MemoryConsumer): Long = 0L
    }
    assert(sparkOperator.acquireMemory(32 * mb) === 32 * mb)
    sparkOperator.freeMemory(32 * mb)
    completions.foreach(_())
    // A new task starts again at a quarter.
    val next = new TaskMemoryManager(manager, 2)
    assert(EmberTaskMemory.acquire(sortPlan, next, _ => (), c).getMemoryLimit === 16 * mb)
    assert(tmm.cleanUpAllAllocatedMemory() === 0, "nothing leaked")
  }

  test("nothing is acquired without state, without off-heap, or with a separate spark.ember.memory") {
    val scanOnly = TaskPlan.newBuilder().setRoot(Operator.newBuilder().setPlanId(1)).build()
    for ((plan, c) <- Seq(scanOnly -> conf(), sortPlan -> conf("spark.memory.offHeap.enabled" -> "false"),
        sortPlan -> conf("spark.ember.memory" -> "32m"))) {
      val manager = new UnifiedMemoryManager(c, 256 * mb, 128 * mb, 4)
      val tmm = new TaskMemoryManager(manager, 1)
      val out = EmberTaskMemory.acquire(plan, tmm, _ => fail("no completion hook expected"), c)
      assert(out.getMemoryLimit === 0)
      assert(manager.executionMemoryUsed === 0)
    }
  }

  test("task slots: executor cores or local[N], over spark.task.cpus") {
    assert(EmberTaskMemory.taskSlots(conf()) === 4)
    assert(EmberTaskMemory.taskSlots(conf("spark.executor.cores" -> "6", "spark.task.cpus" -> "2")) === 3)
    assert(EmberTaskMemory.taskSlots(conf("spark.master" -> "local")) === 1)
    assert(EmberTaskMemory.taskSlots(conf("spark.master" -> "local[3, 2]")) === 3)
  }

  test("the largest build partition for a hash join in place of a sort-merge join: an eighth of a task's share, or the key") {
    val sql = new SQLConf
    // 64m off-heap over local[4]: 2 MiB.
    assert(EmberConf.maxBuildPartitionBytes(sql, conf()) === 2 * mb)
    assert(EmberConf.maxBuildPartitionBytes(sql, conf("spark.memory.offHeap.size" -> "4g", "spark.master" -> "local[2]")) === 256 * mb)
    // The 1g default budget without off-heap, 2 slots: 64 MiB.
    assert(EmberConf.maxBuildPartitionBytes(sql, new SparkConf(false).set("spark.master", "local[2]")) === 64 * mb)
    sql.setConfString(EmberConf.SMJ_MAX_BUILD_PARTITION_BYTES.key, "100m")
    assert(EmberConf.maxBuildPartitionBytes(sql, conf()) === 100 * mb)
    sql.setConfString(EmberConf.SMJ_MAX_BUILD_PARTITION_BYTES.key, "1")
    assert(EmberConf.maxBuildPartitionBytes(sql, conf()) === 1)
  }
}
