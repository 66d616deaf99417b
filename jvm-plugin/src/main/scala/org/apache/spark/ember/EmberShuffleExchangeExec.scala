package org.apache.spark.ember

import scala.concurrent.Future

import dev.ember.proto.plan.v1.{ArrowInput, Operator, ShuffleWrite}
import dev.ember.spark.EmberConf
import dev.ember.spark.exec.{EmberExec, EmberMetrics, EmberTasks, EmberTaskConf, ShuffleBlockFeeder, TaskPlans}
import dev.ember.spark.serde.DataTypeSerde

import org.apache.spark.{MapOutputStatistics, ShuffleDependency, TaskContext}
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.catalyst.InternalRow
import org.apache.spark.sql.catalyst.plans.logical.Statistics
import org.apache.spark.sql.catalyst.plans.physical.{Partitioning, RangePartitioning}
import org.apache.spark.sql.execution.{CoalescedPartitionSpec, ColumnarToRowExec, ShufflePartitionSpec, SparkPlan}
import org.apache.spark.sql.execution.adaptive.{AQEShuffleReadExec, ShuffleQueryStageExec}
import org.apache.spark.sql.execution.exchange.{ReusedExchangeExec, ShuffleExchangeLike, ShuffleOrigin}
import org.apache.spark.sql.execution.metric.{SQLMetric, SQLMetrics, SQLShuffleReadMetricsReporter, SQLShuffleWriteMetricsReporter}
import org.apache.spark.sql.vectorized.ColumnarBatch

/**
 * A native shuffle exchange: the map tasks are the tasks of the native region below
 * (`child`, an [[EmberExec]]), which the sidecar runs with a `ShuffleWrite` so that it
 * partitions their rows as Spark would and writes Spark's shuffle files itself (blocks of
 * compressed Arrow IPC streams, committed by [[EmberShuffleWriteProcessor]]). A native region
 * above reads the blocks ([[EmberShuffledRDD]]: its executor's own blocks as file segments
 * the sidecar reads, the others' bytes forwarded to its ArrowInput leaf, without any row
 * conversion); any other consumer gets `ColumnarBatch`es the sidecar decoded
 * from them (`doExecuteColumnar`, `getShuffleRDD`), or rows from those.
 *
 * It lives under `org.apache.spark` for `ShuffleDependency.setShuffleMergeAllowed`,
 * `SparkContext.submitMapStage` and `MapOutputStatistics`.
 *
 * A `ShuffleExchangeLike`: AQE makes it a `ShuffleQueryStageExec`, reads its map output
 * statistics, coalesces and splits its partitions (`getShuffleRDD(partitionSpecs)`). It
 * supports row-based execution too, so that, as the root of an AQE stage (which Spark
 * requires to stay a `ShuffleExchangeLike`), Spark puts no `ColumnarToRow` above it.
 *
 * A range partitioning's bounds are sampled from the region's rows by Spark's own
 * `RangePartitioner` when the dependency is first needed, as Spark's exchange does
 * ([[EmberRangeBounds]]); the shuffle then has as many partitions as that partitioner.
 *
 * @param writeTemplate the partitioning, schema and codec of the map tasks' writes (no plan
 *                      id, data file, round-robin start or range bounds: those are per task
 *                      or per execution).
 */
case class EmberShuffleExchangeExec(
    override val outputPartitioning: Partitioning,
    child: SparkPlan,
    shuffleOrigin: ShuffleOrigin,
    advisoryPartitionSize: Option[Long],
    writeTemplate: ShuffleWrite)
  extends ShuffleExchangeLike {

  override def nodeName: String = "EmberShuffleExchange"

  // As Spark's exchange prints: partitioning and origin (the proto template is not shown).
  override def stringArgs: Iterator[Any] = Iterator(outputPartitioning, shuffleOrigin)

  override def supportsColumnar: Boolean = true

  override def supportsRowBased: Boolean = true

  private lazy val writeMetrics = SQLShuffleWriteMetricsReporter.createShuffleWriteMetrics(sparkContext)
  lazy val readMetrics = SQLShuffleReadMetricsReporter.createShuffleReadMetrics(sparkContext)

  override lazy val metrics: Map[String, SQLMetric] = Map(
    "dataSize" -> SQLMetrics.createSizeMetric(sparkContext, "data size (Arrow)"),
    "numPartitions" -> SQLMetrics.createMetric(sparkContext, "number of partitions"),
    "numOutputRows" -> SQLMetrics.createMetric(sparkContext, "number of output rows (decoded)"),
    "numOutputBatches" -> SQLMetrics.createMetric(sparkContext, "number of output batches (decoded)"),
    "decodeTime" -> SQLMetrics.createNanoTimingMetric(sparkContext, "native decode time"),
    "localSegmentBytes" -> SQLMetrics.createSizeMetric(sparkContext, "local blocks read by the sidecar from files")) ++
    readMetrics ++ writeMetrics

  private def region: EmberExec = child match {
    case e: EmberExec => e
    case other => throw new IllegalStateException(s"$nodeName's child must be a native region, not ${other.nodeName}")
  }

  /** What every map task writes: the template with the plan id and any range bounds. */
  @transient private lazy val write: ShuffleWrite = {
    val w = writeTemplate.toBuilder.setPlanId(id.toLong)
    (outputPartitioning, w.hasRange) match {
      case (r: RangePartitioning, true) => w.setRange(EmberRangeBounds.sample(r, region, w.getRange, conf)).build()
      case _ => w.build()
    }
  }

  /** The map tasks: the region's tasks, each writing its rows with a ShuffleWrite. */
  @transient lazy val mapTasks: RDD[Product2[Int, NativeMapOutput]] =
    region.shuffleMapTasks(write, longMetric("dataSize"))

  @transient lazy val shuffleDependency: ShuffleDependency[Int, Any, Any] = {
    val dep = new ShuffleDependency[Int, Any, Any](
      mapTasks,
      new EmberPartitionIds(numPartitionsOf(write)),
      new EmberShuffleSerializer,
      shuffleWriterProcessor = new EmberShuffleWriteProcessor(writeMetrics))
    // Push-based shuffle merges Spark's own blocks; Ember's are served as written.
    dep.setShuffleMergeAllowed(false)
    dep
  }

  override def numMappers: Int = shuffleDependency.rdd.getNumPartitions

  override def numPartitions: Int = shuffleDependency.partitioner.numPartitions

  @transient override lazy val mapOutputStatisticsFuture: Future[MapOutputStatistics] =
    if (mapTasks.getNumPartitions == 0) Future.successful(null)
    else sparkContext.submitMapStage(shuffleDependency)

  override def runtimeStatistics: Statistics = {
    val rows = metrics(SQLShuffleWriteMetricsReporter.SHUFFLE_RECORDS_WRITTEN).value
    Statistics(metrics("dataSize").value, Some(rows))
  }

  /**
   * The blocks of the partitions `specs` describe, for a native region above (or the
   * decoding for a Spark operator above): the local ones as file segments unless
   * `spark.ember.shuffle.localSegments.enabled` is off.
   */
  def blocks(specs: Array[ShufflePartitionSpec]): RDD[ShuffleBlocks] =
    new EmberShuffledRDD(shuffleDependency, specs, readMetrics, EmberConf.SHUFFLE_LOCAL_SEGMENTS.get(conf),
      longMetric("localSegmentBytes"))

  /** One spec per reduce partition: the exchange read as planned. */
  def allPartitions: Array[ShufflePartitionSpec] =
    Array.tabulate[ShufflePartitionSpec](numPartitions)(i => CoalescedPartitionSpec(i, i + 1))

  override def getShuffleRDD(partitionSpecs: Array[ShufflePartitionSpec]): RDD[_] = decoded(partitionSpecs)

  @transient private lazy val allDecoded = decoded(allPartitions)

  override protected def doExecuteColumnar(): RDD[ColumnarBatch] = allDecoded

  override protected def doExecute(): RDD[InternalRow] = ColumnarToRowExec(this).execute()

  /**
   * The partitions `specs` describe, one `EmberIpcBatch` per partition: their rows as the
   * record batch messages of uncompressed Arrow IPC, decoded by the sidecar but never on the
   * JVM. For a native broadcast of this exchange's output (AQE turning a sort-merge join into
   * a broadcast hash join once this stage ran).
   */
  def rawIpc(specs: Array[ShufflePartitionSpec]): RDD[ColumnarBatch] = decoded(specs, rawIpc = true)

  /**
   * The partitions `specs` describe as `ColumnarBatch`es: for a consumer in Spark. The
   * sidecar decodes the blocks (a plan of one concatenated-streams ArrowInput leaf, which
   * reads the local blocks' segments itself), so the JVM needs no lz4/zstd codec of Arrow's;
   * the batches arrive as uncompressed Arrow IPC.
   */
  private def decoded(specs: Array[ShufflePartitionSpec], rawIpc: Boolean = false): RDD[ColumnarBatch] = {
    val schema = DataTypeSerde.schemaToProto(child.schema).fold(
      reason => throw new IllegalStateException(s"$nodeName output: $reason"), identity)
    val template = Operator.newBuilder().setPlanId(id.toLong)
      .setArrowInput(ArrowInput.newBuilder().setSchema(schema).setConcatenatedStreams(true)).build().toByteArray
    val taskConf = EmberTaskConf(conf.sessionLocalTimeZone, EmberConf.BATCH_SIZE.get(conf), rawIpc = rawIpc)
    val metrics = EmberMetrics(longMetric("numOutputRows"), longMetric("numOutputBatches"), longMetric("decodeTime"))
    blocks(specs).mapPartitions { it =>
      val context = TaskContext.get()
      val read = it.next()
      val leaf = TaskPlans.withSegments(Operator.parseFrom(template), Map(0 -> read.segments))
      val plan = TaskPlans.build(leaf, Nil, context, taskConf)
      EmberTasks.execute(plan, context, taskConf, metrics, Seq(_ => new ShuffleBlockFeeder(read.streams)))
    }
  }

  private def numPartitionsOf(w: ShuffleWrite): Int =
    if (w.hasHash) w.getHash.getNumPartitions
    else if (w.hasRoundRobin) w.getRoundRobin.getNumPartitions
    else if (w.hasRange) w.getRange.getNumPartitions
    else 1

  override protected def withNewChildInternal(newChild: SparkPlan): EmberShuffleExchangeExec = copy(child = newChild)
}

/**
 * A region's input that is a native exchange's output, as planned or as AQE has it (its
 * query stage, a reuse of it, or a coalesced or skew-split read): the exchange and the
 * partition specs the region's tasks read.
 */
object NativeShuffleInput {
  def unapply(plan: SparkPlan): Option[(EmberShuffleExchangeExec, Array[ShufflePartitionSpec])] =
    exchange(plan).map { e =>
      plan match {
        case r: AQEShuffleReadExec => (e, r.partitionSpecs.toArray)
        case _ => (e, e.allPartitions)
      }
    }

  /**
   * The native exchange `plan` reads, without its partition specs: planning asks this, since
   * a range exchange knows its number of partitions only once its bounds are sampled.
   */
  def exchange(plan: SparkPlan): Option[EmberShuffleExchangeExec] = plan match {
    case e: EmberShuffleExchangeExec => Some(e)
    case ReusedExchangeExec(_, e: EmberShuffleExchangeExec) => Some(e)
    case s: ShuffleQueryStageExec => native(s.shuffle)
    case r: AQEShuffleReadExec => r.child match {
      case s: ShuffleQueryStageExec => native(s.shuffle)
      case _ => None
    }
    case _ => None
  }

  private def native(shuffle: ShuffleExchangeLike): Option[EmberShuffleExchangeExec] = shuffle match {
    case e: EmberShuffleExchangeExec => Some(e)
    case _ => None
  }
}
