package org.apache.spark.ember

import java.io.InputStream
import java.nio.ByteBuffer

import scala.reflect.ClassTag

import org.apache.spark.{Partition, Partitioner, ShuffleDependency, SparkEnv, TaskContext}
import org.apache.spark.internal.config
import org.apache.spark.rdd.RDD
import org.apache.spark.scheduler.MapStatus
import org.apache.spark.serializer.{DeserializationStream, SerializationStream, Serializer, SerializerInstance}
import org.apache.spark.shuffle.{IndexShuffleBlockResolver, ShuffleReadMetricsReporter, ShuffleWriteMetricsReporter, ShuffleWriteProcessor}
import org.apache.spark.shuffle.sort.SortShuffleManager
import org.apache.spark.storage.{BlockId, ShuffleBlockFetcherIterator}
import org.apache.spark.sql.execution.metric.{SQLMetric, SQLShuffleWriteMetricsReporter}
import org.apache.spark.util.Utils
import org.apache.spark.util.random.XORShiftRandom

/**
 * What a native exchange's map task hands its write processor: `run(dataPath)` runs the
 * task's native plan with a ShuffleWrite to `dataPath` and returns the partition lengths,
 * the rows written and the nanoseconds spent writing.
 */
trait NativeMapOutput {
  def run(dataPath: String): (Array[Long], Long, Long)
}

/**
 * The map side of a native shuffle exchange, plugged in per dependency
 * (`ShuffleDependency.shuffleWriterProcessor`), so no custom shuffle manager is needed
 * (Spark 3.5 creates the shuffle manager before plugins start; the plugin cannot set it).
 *
 * The map task's RDD yields one [[NativeMapOutput]]; the sidecar writes the data file to a
 * temporary path next to Spark's data file for (shuffleId, mapId), and this commits it with
 * Spark's resolver, which writes the index file (or, if another attempt of the map task
 * committed first, keeps that one and overwrites the lengths with its lengths), so the files
 * are exactly those `SortShuffleManager` writes and the external shuffle service serves.
 *
 * Cleanup: `SortShuffleManager.unregisterShuffle` removes the files of the map ids it handed
 * a writer for, so the task asks it for a writer first (`getWriter` registers the map id) and
 * never writes through it. The dependency's serializer supports no relocation, so that writer
 * is a `BypassMergeSortShuffleWriter` or a `SortShuffleWriter`, which hold nothing until
 * written to; it is stopped unused.
 */
class EmberShuffleWriteProcessor(writeMetrics: Map[String, SQLMetric]) extends ShuffleWriteProcessor {

  override protected def createMetricsReporter(context: TaskContext): ShuffleWriteMetricsReporter =
    new SQLShuffleWriteMetricsReporter(context.taskMetrics().shuffleWriteMetrics, writeMetrics)

  override def write(
      rdd: RDD[_],
      dep: ShuffleDependency[_, _, _],
      mapId: Long,
      context: TaskContext,
      partition: Partition): MapStatus = {
    val manager = SparkEnv.get.shuffleManager
    val metrics = createMetricsReporter(context)
    manager.getWriter[Any, Any](dep.shuffleHandle, mapId, context, metrics).stop(false)
    val resolver = manager.shuffleBlockResolver.asInstanceOf[IndexShuffleBlockResolver]
    val dataFile = resolver.getDataFile(dep.shuffleId, mapId)
    val dataTmp = Utils.tempFileWith(dataFile)
    val task = rdd.iterator(partition, context).next().asInstanceOf[Product2[Int, NativeMapOutput]]._2
    val (lengths, rows, nanos) =
      try task.run(dataTmp.getAbsolutePath)
      catch {
        case e: Throwable =>
          dataTmp.delete()
          throw e
      }
    val start = System.nanoTime()
    resolver.writeMetadataFileAndCommit(dep.shuffleId, mapId, lengths, Array.emptyLongArray, dataTmp)
    metrics.incBytesWritten(lengths.sum)
    metrics.incRecordsWritten(rows)
    metrics.incWriteTime(nanos + System.nanoTime() - start)
    // After the commit, lengths are those of the committed attempt's file.
    MapStatus(SparkEnv.get.blockManager.shuffleServerId, lengths, mapId)
  }
}

/** Partition ids pass through: the sidecar computed them (Spark's PartitionIdPassthrough). */
final class EmberPartitionIds(override val numPartitions: Int) extends Partitioner {
  override def getPartition(key: Any): Int = key.asInstanceOf[Int]
}

/**
 * The serializer of a native exchange's dependency: nothing is serialized by Spark (the
 * sidecar writes the blocks, the reader forwards their bytes). It supports no relocation, so
 * the sort shuffle manager never picks its serialized (unsafe) writer for the dependency.
 */
final class EmberShuffleSerializer extends Serializer with Serializable {
  override def newInstance(): SerializerInstance = new SerializerInstance {
    private def unused = throw new UnsupportedOperationException("a native shuffle's rows are never serialized by Spark")
    override def serialize[T: ClassTag](t: T): ByteBuffer = unused
    override def deserialize[T: ClassTag](bytes: ByteBuffer): T = unused
    override def deserialize[T: ClassTag](bytes: ByteBuffer, loader: ClassLoader): T = unused
    override def serializeStream(s: java.io.OutputStream): SerializationStream = unused
    override def deserializeStream(s: InputStream): DeserializationStream = unused
  }
}

object EmberShuffleInternals {

  /**
   * Whether the shuffle manager keeps a plain dependency's map outputs as the index/data
   * files Ember writes: Spark's sort shuffle manager, or one of `compatible` (class names)
   * whose resolver is Spark's `IndexShuffleBlockResolver`, such as Comet's, which hands
   * every dependency that is not its own to a sort shuffle manager.
   */
  def writesIndexFiles(compatible: Seq[String]): Boolean = Option(SparkEnv.get).exists { env =>
    env.shuffleManager match {
      case _: SortShuffleManager => true
      case other =>
        compatible.contains(other.getClass.getName) && other.shuffleBlockResolver.isInstanceOf[IndexShuffleBlockResolver]
    }
  }

  /** Whether Spark encrypts shuffle files (Ember's blocks are not encrypted). */
  def ioEncryption: Boolean = Option(SparkEnv.get).exists(_.conf.get(config.IO_ENCRYPTION_ENABLED))

  /**
   * The first round-robin position of map task `partitionId` (ShuffleExchangeExec's
   * `new XORShiftRandom(partitionId).nextInt(numPartitions)`).
   */
  def roundRobinStart(partitionId: Int, numPartitions: Int): Int =
    new XORShiftRandom(partitionId).nextInt(numPartitions)

  /**
   * The blocks of reduce partitions [startPartition, endPartition) written by map tasks
   * [startMap, endMap), local and remote, fetched as `BlockStoreShuffleReader` fetches them
   * (same limits and metrics), but their streams are not wrapped with Spark's shuffle
   * compression or encryption: a native block carries its own compression.
   */
  def blockStreams(
      dep: ShuffleDependency[_, _, _],
      startMap: Int,
      endMap: Int,
      startPartition: Int,
      endPartition: Int,
      context: TaskContext,
      readMetrics: ShuffleReadMetricsReporter): Iterator[(BlockId, InputStream)] = {
    val env = SparkEnv.get
    val conf = env.conf
    val blocks = env.mapOutputTracker.getMapSizesByExecutorId(dep.shuffleId, startMap, endMap, startPartition, endPartition)
    new ShuffleBlockFetcherIterator(
      context,
      env.blockManager.blockStoreClient,
      env.blockManager,
      env.mapOutputTracker,
      blocks,
      (_: BlockId, in: InputStream) => in,
      conf.get(config.REDUCER_MAX_SIZE_IN_FLIGHT) * 1024 * 1024,
      conf.get(config.REDUCER_MAX_REQS_IN_FLIGHT),
      conf.get(config.REDUCER_MAX_BLOCKS_IN_FLIGHT_PER_ADDRESS),
      conf.get(config.MAX_REMOTE_BLOCK_SIZE_FETCH_TO_MEM),
      conf.get(config.SHUFFLE_MAX_ATTEMPTS_ON_NETTY_OOM),
      false, // detectCorrupt: only checks streams Spark decompresses
      false,
      false, // no checksum files are written
      conf.get(config.SHUFFLE_CHECKSUM_ALGORITHM),
      readMetrics,
      false).toCompletionIterator
  }

  /** The executors holding the blocks of reduce partition `reducer` (as ShuffledRowRDD asks). */
  def preferredLocations(dep: ShuffleDependency[_, _, _], reducer: Int): Seq[String] =
    env.mapOutputTracker match {
      case t: org.apache.spark.MapOutputTrackerMaster => t.getPreferredLocationsForShuffle(dep, reducer)
      case _ => Nil
    }

  /** The executors holding the blocks of map tasks [startMap, endMap). */
  def mapLocations(dep: ShuffleDependency[_, _, _], startMap: Int, endMap: Int): Seq[String] =
    env.mapOutputTracker match {
      case t: org.apache.spark.MapOutputTrackerMaster => t.getMapLocation(dep, startMap, endMap)
      case _ => Nil
    }

  private def env = SparkEnv.get
}
