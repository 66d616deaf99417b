package org.apache.spark.ember

import org.apache.spark.{ShuffleDependency, SparkConf, TaskContext}
import org.apache.spark.shuffle.{ShuffleHandle, ShuffleManager, ShuffleReader, ShuffleReadMetricsReporter,
  ShuffleWriteMetricsReporter, ShuffleWriter}
import org.apache.spark.shuffle.sort.SortShuffleManager

/**
 * A shuffle manager that is not Spark's sort shuffle manager but hands every dependency to
 * one, as Comet's `CometShuffleManager` does with dependencies that are not its own: the
 * stand-in for such managers in tests (`spark.ember.shuffle.compatibleManagers`).
 */
class DelegatingShuffleManager(conf: SparkConf) extends ShuffleManager {
  private val sort = new SortShuffleManager(conf)

  override def registerShuffle[K, V, C](shuffleId: Int, dependency: ShuffleDependency[K, V, C]): ShuffleHandle =
    sort.registerShuffle(shuffleId, dependency)

  override def getWriter[K, V](
      handle: ShuffleHandle,
      mapId: Long,
      context: TaskContext,
      metrics: ShuffleWriteMetricsReporter): ShuffleWriter[K, V] =
    sort.getWriter(handle, mapId, context, metrics)

  override def getReader[K, C](
      handle: ShuffleHandle,
      startMapIndex: Int,
      endMapIndex: Int,
      startPartition: Int,
      endPartition: Int,
      context: TaskContext,
      metrics: ShuffleReadMetricsReporter): ShuffleReader[K, C] =
    sort.getReader(handle, startMapIndex, endMapIndex, startPartition, endPartition, context, metrics)

  override def unregisterShuffle(shuffleId: Int): Boolean = sort.unregisterShuffle(shuffleId)

  override def shuffleBlockResolver = sort.shuffleBlockResolver

  override def stop(): Unit = sort.stop()
}
