package org.apache.spark.ember

import java.io.InputStream

import org.apache.spark.{Dependency, Partition, ShuffleDependency, TaskContext}
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.execution.{CoalescedMapperPartitionSpec, CoalescedPartitionSpec, PartialMapperPartitionSpec,
  PartialReducerPartitionSpec, ShufflePartitionSpec}
import org.apache.spark.sql.execution.metric.{SQLMetric, SQLShuffleReadMetricsReporter}
import org.apache.spark.util.CompletionIterator

final class EmberShuffledPartition(override val index: Int, val spec: ShufflePartitionSpec) extends Partition

/**
 * The blocks of a native shuffle exchange, one partition per partition spec (AQE's coalesced
 * and skew-split reads, or one spec per reduce partition), read as `ShuffledRowRDD` reads a
 * spec: each element is one block's bytes, fetched by Spark's block manager (local or remote,
 * external shuffle service or not), in order; the task's shuffle read metrics and the
 * exchange's SQL read metrics are updated. Consumers forward the bytes to the sidecar
 * (a native region above) or have it decode them (a Spark operator above).
 */
final class EmberShuffledRDD(
    var dependency: ShuffleDependency[Int, _, _],
    specs: Array[ShufflePartitionSpec],
    readMetrics: Map[String, SQLMetric])
  extends RDD[InputStream](dependency.rdd.context, Nil) {

  override def getDependencies: Seq[Dependency[_]] = List(dependency)

  override protected def getPartitions: Array[Partition] =
    specs.zipWithIndex.map { case (s, i) => new EmberShuffledPartition(i, s): Partition }

  override protected def getPreferredLocations(partition: Partition): Seq[String] =
    partition.asInstanceOf[EmberShuffledPartition].spec match {
      case CoalescedPartitionSpec(start, end, _) =>
        (start until end).flatMap(EmberShuffleInternals.preferredLocations(dependency, _))
      case PartialReducerPartitionSpec(_, startMap, endMap, _) =>
        EmberShuffleInternals.mapLocations(dependency, startMap, endMap)
      case PartialMapperPartitionSpec(mapIndex, _, _) =>
        EmberShuffleInternals.mapLocations(dependency, mapIndex, mapIndex + 1)
      case CoalescedMapperPartitionSpec(startMap, endMap, _) =>
        EmberShuffleInternals.mapLocations(dependency, startMap, endMap)
    }

  override def compute(split: Partition, context: TaskContext): Iterator[InputStream] = {
    val dep = dependency
    val reporter = new SQLShuffleReadMetricsReporter(context.taskMetrics().createTempShuffleReadMetrics(), readMetrics)
    val allMaps = Int.MaxValue
    val (startMap, endMap, start, end) = split.asInstanceOf[EmberShuffledPartition].spec match {
      case CoalescedPartitionSpec(s, e, _) => (0, allMaps, s, e)
      case PartialReducerPartitionSpec(reducer, sm, em, _) => (sm, em, reducer, reducer + 1)
      case PartialMapperPartitionSpec(mapIndex, s, e) => (mapIndex, mapIndex + 1, s, e)
      case CoalescedMapperPartitionSpec(sm, em, numReducers) => (sm, em, 0, numReducers)
    }
    val streams = EmberShuffleInternals.blockStreams(dep, startMap, endMap, start, end, context, reporter).map(_._2)
    // The temporary read metrics reach the task's metrics (and Spark's UI and REST API) only
    // when merged, as BlockStoreShuffleReader does when its iterator completes.
    CompletionIterator[InputStream, Iterator[InputStream]](streams, context.taskMetrics().mergeShuffleReadMetrics())
  }

  override def clearDependencies(): Unit = {
    super.clearDependencies()
    dependency = null
  }
}
