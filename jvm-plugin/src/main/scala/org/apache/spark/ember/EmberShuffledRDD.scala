package org.apache.spark.ember

import java.io.InputStream

import dev.ember.proto.plan.v1.FileSegment

import org.apache.spark.{Dependency, Partition, ShuffleDependency, TaskContext}
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.execution.{CoalescedMapperPartitionSpec, CoalescedPartitionSpec, PartialMapperPartitionSpec,
  PartialReducerPartitionSpec, ShufflePartitionSpec}
import org.apache.spark.sql.execution.metric.{SQLMetric, SQLShuffleReadMetricsReporter}
import org.apache.spark.util.CompletionIterator

final class EmberShuffledPartition(override val index: Int, val spec: ShufflePartitionSpec) extends Partition

/**
 * One task's blocks of a native exchange: `segments`, the blocks this executor wrote, as
 * ranges of its shuffle files for the sidecar to read itself (`ArrowInput.segments`), and
 * `streams`, each other block's bytes as Spark's block manager fetched them, to forward.
 * A consumer must pass on both.
 */
final class ShuffleBlocks(val segments: Seq[FileSegment], val streams: Iterator[InputStream])

/**
 * The blocks of a native shuffle exchange, one partition per partition spec (AQE's coalesced
 * and skew-split reads, or one spec per reduce partition), read as `ShuffledRowRDD` reads a
 * spec; each partition is one [[ShuffleBlocks]]. The blocks of this executor are file
 * segments when `localSegments` (`spark.ember.shuffle.localSegments.enabled`); the others (all
 * of them otherwise) are fetched by Spark's block manager (remote or local, external shuffle
 * service or not), in order. The task's shuffle read metrics and the exchange's SQL read
 * metrics are updated (a segment counts as a local block read); `segmentBytes` adds the bytes
 * handed over as segments. Consumers give the segments and the fetched bytes to the sidecar
 * (a native region above, or the decoding for a Spark operator above).
 */
final class EmberShuffledRDD(
    var dependency: ShuffleDependency[Int, _, _],
    specs: Array[ShufflePartitionSpec],
    readMetrics: Map[String, SQLMetric],
    localSegments: Boolean,
    segmentBytes: SQLMetric)
  extends RDD[ShuffleBlocks](dependency.rdd.context, Nil) {

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

  override def compute(split: Partition, context: TaskContext): Iterator[ShuffleBlocks] = {
    val dep = dependency
    val reporter = new SQLShuffleReadMetricsReporter(context.taskMetrics().createTempShuffleReadMetrics(), readMetrics)
    val allMaps = Int.MaxValue
    val (startMap, endMap, start, end) = split.asInstanceOf[EmberShuffledPartition].spec match {
      case CoalescedPartitionSpec(s, e, _) => (0, allMaps, s, e)
      case PartialReducerPartitionSpec(reducer, sm, em, _) => (sm, em, reducer, reducer + 1)
      case PartialMapperPartitionSpec(mapIndex, s, e) => (mapIndex, mapIndex + 1, s, e)
      case CoalescedMapperPartitionSpec(sm, em, numReducers) => (sm, em, 0, numReducers)
    }
    val (segments, streams) =
      EmberShuffleInternals.readBlocks(dep, startMap, endMap, start, end, context, reporter, localSegments)
    segmentBytes += segments.map(_.getLength).sum
    // The temporary read metrics reach the task's metrics (and Spark's UI and REST API) only
    // when merged, as BlockStoreShuffleReader does when its iterator completes. Merging sets
    // the totals of every temporary metrics, so merging again is harmless: at the task's end
    // too, for the segments' counts when the fetched streams are never read to their end (a
    // join that stops early).
    context.addTaskCompletionListener[Unit](_.taskMetrics().mergeShuffleReadMetrics())
    val completing = CompletionIterator[InputStream, Iterator[InputStream]](streams, context.taskMetrics().mergeShuffleReadMetrics())
    Iterator.single(new ShuffleBlocks(segments, completing))
  }

  override def clearDependencies(): Unit = {
    super.clearDependencies()
    dependency = null
  }
}
