package org.apache.spark.ember

import scala.collection.JavaConverters._

import com.google.protobuf.ByteString
import dev.ember.proto.plan.v1.{RangePartitioning => RangeProto}
import dev.ember.spark.exec.EmberArrow

import org.apache.spark.RangePartitioner
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.expressions.{AttributeReference, BoundReference, UnsafeProjection}
import org.apache.spark.sql.catalyst.expressions.codegen.LazilyGeneratedOrdering
import org.apache.spark.sql.catalyst.plans.physical.RangePartitioning
import org.apache.spark.sql.execution.SparkPlan
import org.apache.spark.sql.internal.SQLConf
import org.apache.spark.util.MutablePair

/**
 * The bounds of a native exchange's range partitioning, sampled as Spark's exchange samples
 * them (`ShuffleExchangeExec.prepareShuffleDependency`): Spark's `RangePartitioner` over the
 * sort keys of the child region's rows (the region run an extra time, its batches read as
 * rows, as Spark runs its child an extra time for sampling), ordered by a `LazilyGeneratedOrdering` of the sort
 * orders rebound to the keys, with `spark.sql.execution.rangeExchange.sampleSizePerPartition`.
 * The map tasks then only compare rows with these bounds (RangePartitioner.getPartition).
 */
object EmberRangeBounds {

  /**
   * `template` (the sort keys) with the bounds of `partitioning` over `region`'s rows, as an
   * Arrow IPC stream of the key columns, and the partitioner's number of partitions (the
   * bounds + 1: fewer than planned when the sample has fewer distinct keys, 1 when empty).
   */
  def sample(partitioning: RangePartitioning, region: SparkPlan, template: RangeProto, conf: SQLConf): RangeProto = {
    val orders = partitioning.ordering
    val output = region.output
    val rddForSampling = region.executeColumnar().mapPartitionsInternal { batches =>
      val projection = UnsafeProjection.create(orders.map(_.child), output)
      val pair = new MutablePair[InternalRow, Null]()
      // The sampler keeps the keys: each is copied out of the projection's reused row before
      // the next row (or batch) is read.
      batches.flatMap(_.rowIterator().asScala).map(row => pair.update(projection(row).copy(), null))
    }
    val keyOrders = orders.zipWithIndex.map { case (o, i) => o.copy(child = BoundReference(i, o.dataType, o.nullable)) }
    implicit val ordering: Ordering[InternalRow] = new LazilyGeneratedOrdering(keyOrders)
    val partitioner = new RangePartitioner(partitioning.numPartitions, rddForSampling, ascending = true,
      samplePointsPerPartitionHint = conf.rangeExchangeSampleSizePerPartition)
    val bounds = rangeBounds(partitioner)
    val keys = orders.zipWithIndex.map { case (o, i) => AttributeReference(s"k$i", o.dataType, nullable = true)() }
    template.toBuilder
      .setNumPartitions(partitioner.numPartitions)
      .setBounds(ByteString.copyFrom(EmberArrow.ipcStream(bounds, keys, conf.sessionLocalTimeZone)))
      .build()
  }

  // RangePartitioner keeps its bounds in a private field (`rangeBounds`; Scala may prefix the
  // name when it widens the access), read by reflection.
  private lazy val boundsField: java.lang.reflect.Field = {
    val f = classOf[RangePartitioner[_, _]].getDeclaredFields
      .find(f => f.getName == "rangeBounds" || f.getName.endsWith("$$rangeBounds"))
      .getOrElse(throw new IllegalStateException(
        "Ember: Spark's RangePartitioner has no rangeBounds field; set spark.ember.shuffle.enabled=false"))
    f.setAccessible(true)
    f
  }

  private def rangeBounds(p: RangePartitioner[InternalRow, Null]): Seq[InternalRow] = {
    val bounds = boundsField.get(p).asInstanceOf[Array[InternalRow]]
    if (bounds.length + 1 != p.numPartitions) {
      throw new IllegalStateException(s"Ember: RangePartitioner has ${p.numPartitions} partitions but " +
        s"${bounds.length} bounds")
    }
    bounds.toSeq
  }
}
