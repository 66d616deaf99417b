package org.apache.spark.ember

import java.io.InputStream
import java.nio.ByteBuffer

import scala.reflect.ClassTag
import scala.util.control.NonFatal

import dev.ember.proto.plan.v1.FileSegment

import org.apache.spark.{Partition, Partitioner, ShuffleDependency, SparkEnv, TaskContext}
import org.apache.spark.internal.config
import org.apache.spark.network.buffer.FileSegmentManagedBuffer
import org.apache.spark.rdd.RDD
import org.apache.spark.scheduler.MapStatus
import org.apache.spark.serializer.{DeserializationStream, SerializationStream, Serializer, SerializerInstance}
import org.apache.spark.shuffle.{FetchFailedException, IndexShuffleBlockResolver, ShuffleReadMetricsReporter, ShuffleWriteMetricsReporter,
  ShuffleWriteProcessor}
import org.apache.spark.shuffle.sort.SortShuffleManager
import org.apache.spark.storage.{BlockId, BlockManagerId, ShuffleBlockFetcherIterator, ShuffleBlockId}
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
   * [startMap, endMap). With `localSegments`, the blocks this executor wrote (those Spark's
   * fetcher would read locally: their map status names this executor, with the external
   * shuffle service or without) are located in their data files (Spark's resolver reads the
   * index file, as for a local fetch) and handed over as file segments for the sidecar to read;
   * they count as local blocks and bytes read, as Spark counts a local fetch. Every other block
   * (all of them without `localSegments`) is fetched by Spark's block manager ([[blockStreams]]).
   * A local block that cannot be located fails the task with a `FetchFailedException`, as a
   * failed local fetch does, so that Spark recomputes the map output.
   *
   * Host-local blocks of other executors (`spark.shuffle.readHostLocalDisk`) are fetched, not
   * read from their files: locating them needs the other executors' directories.
   */
  def readBlocks(
      dep: ShuffleDependency[_, _, _],
      startMap: Int,
      endMap: Int,
      startPartition: Int,
      endPartition: Int,
      context: TaskContext,
      readMetrics: ShuffleReadMetricsReporter,
      localSegments: Boolean): (Seq[FileSegment], Iterator[InputStream]) = {
    val env = SparkEnv.get
    val blocks = env.mapOutputTracker.getMapSizesByExecutorId(dep.shuffleId, startMap, endMap, startPartition, endPartition)
    val resolver = env.shuffleManager.shuffleBlockResolver
    (localSegments, resolver) match {
      case (true, r: IndexShuffleBlockResolver) =>
        val me = env.blockManager.blockManagerId.executorId
        val (local, remote) = blocks.toSeq.partition(_._1.executorId == me)
        val segments = local.flatMap { case (address, bs) => bs.flatMap(b => locate(r, address, dep.shuffleId, b, readMetrics)) }
        (merged(segments), blockStreams(dep, remote.iterator, context, readMetrics).map(_._2))
      case _ =>
        (Nil, blockStreams(dep, blocks, context, readMetrics).map(_._2))
    }
  }

  /** The file segment of one local block (None when empty), counted as a local block read. */
  private def locate(
      resolver: IndexShuffleBlockResolver,
      address: BlockManagerId,
      shuffleId: Int,
      block: (BlockId, Long, Int),
      readMetrics: ShuffleReadMetricsReporter): Option[FileSegment] = {
    val (blockId, _, mapIndex) = block
    val buffer = try resolver.getBlockData(blockId) catch {
      case NonFatal(e) =>
        val (mapId, reduceId) = blockId match {
          case b: ShuffleBlockId => (b.mapId, b.reduceId)
          case _ => (-1L, -1)
        }
        throw new FetchFailedException(address, shuffleId, mapId, mapIndex, reduceId,
          s"Ember could not locate local shuffle block $blockId: ${e.getMessage}", e)
    }
    buffer match {
      case f: FileSegmentManagedBuffer =>
        readMetrics.incLocalBlocksFetched(1)
        readMetrics.incLocalBytesRead(f.getLength)
        if (f.getLength == 0) None
        else Some(FileSegment.newBuilder().setPath(f.getFile.getAbsolutePath).setOffset(f.getOffset).setLength(f.getLength).build())
      case other =>
        throw new IllegalStateException(s"the shuffle resolver returned a ${other.getClass.getName} for local block $blockId, not a file segment")
    }
  }

  /**
   * `segments` with each run of adjacent segments of one file as one segment: a map task's
   * blocks of consecutive reduce partitions lie one after the other in its data file, and
   * each block is whole Arrow IPC streams, so their concatenation is too.
   */
  private[ember] def merged(segments: Seq[FileSegment]): Seq[FileSegment] =
    segments.foldLeft(List.empty[FileSegment]) {
      case (last :: rest, s) if last.getPath == s.getPath && last.getOffset + last.getLength == s.getOffset =>
        last.toBuilder.setLength(last.getLength + s.getLength).build() :: rest
      case (acc, s) => s :: acc
    }.reverse

  /**
   * The streams of `blocks`, fetched as `BlockStoreShuffleReader` fetches them (same limits
   * and metrics, local and remote, external shuffle service or not), but not wrapped with
   * Spark's shuffle compression or encryption: a native block carries its own compression.
   */
  private def blockStreams(
      dep: ShuffleDependency[_, _, _],
      blocks: Iterator[(BlockManagerId, Seq[(BlockId, Long, Int)])],
      context: TaskContext,
      readMetrics: ShuffleReadMetricsReporter): Iterator[(BlockId, InputStream)] = {
    val env = SparkEnv.get
    val conf = env.conf
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
