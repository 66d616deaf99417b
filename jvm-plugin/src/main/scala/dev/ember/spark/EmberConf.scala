package dev.ember.spark

import java.util.Locale

import scala.collection.mutable

import org.apache.spark.SparkConf
import org.apache.spark.network.util.JavaUtils
import org.apache.spark.sql.internal.SQLConf

/**
 * One Ember configuration key: its name, default, documentation and parser.
 *
 * Spark's own `ConfigBuilder` is private to Spark, so Ember keeps this small typed
 * entry instead. An entry is read from the session conf ([[SQLConf]], for settings a
 * user may change per query) or from the [[SparkConf]] (for executor-wide settings
 * such as the sidecar binary).
 */
final case class EmberConfEntry[T](
    key: String,
    default: T,
    doc: String,
    private val parse: String => T) {

  /** The value in the session conf, or the default. */
  def get(conf: SQLConf): T = Option(conf.getConfString(key, null)).map(parseChecked).getOrElse(default)

  /** The value in the Spark conf, or the default. */
  def get(conf: SparkConf): T = conf.getOption(key).map(parseChecked).getOrElse(default)

  /** The default rendered as a user would write it. */
  def defaultString: String = (default: Any) match {
    case None => "<unset>"
    case Some(v) => v.toString
    case s: Seq[_] => s.mkString(",")
    case v => v.toString
  }

  private def parseChecked(raw: String): T =
    try parse(raw.trim)
    catch {
      case e: IllegalArgumentException =>
        throw new IllegalArgumentException(s"Invalid value '$raw' for $key: ${e.getMessage}", e)
    }
}

/**
 * Every configuration key of Ember, with its documentation.
 *
 * Session-level keys (read from the SQL conf, may be set with `SET` or
 * `spark.conf.set`): [[ENABLED]], [[EXPLAIN_FALLBACK]], [[BATCH_SIZE]] and the
 * per-operator / per-expression switches. Executor-level keys (read from the
 * SparkConf at executor start): [[SIDECAR_PATH]], [[SIDECAR_STARTUP_TIMEOUT]].
 */
object EmberConf {

  private val registry = mutable.LinkedHashMap.empty[String, EmberConfEntry[_]]

  private def register[T](entry: EmberConfEntry[T]): EmberConfEntry[T] = {
    require(!registry.contains(entry.key), s"duplicate Ember config ${entry.key}")
    registry(entry.key) = entry
    entry
  }

  private def boolean(key: String, default: Boolean, doc: String): EmberConfEntry[Boolean] =
    register(EmberConfEntry[Boolean](key, default, doc, s => s.toLowerCase(Locale.ROOT) match {
      case "true" => true
      case "false" => false
      case other => throw new IllegalArgumentException(s"'$other' is not a boolean")
    }))

  private def positiveInt(key: String, default: Int, doc: String): EmberConfEntry[Int] =
    register(EmberConfEntry[Int](key, default, doc, { s =>
      val v = s.toInt
      if (v <= 0) throw new IllegalArgumentException("must be positive")
      v
    }))

  private def positiveLong(key: String, default: Long, doc: String): EmberConfEntry[Long] =
    register(EmberConfEntry[Long](key, default, doc, { s =>
      val v = s.toLong
      if (v <= 0) throw new IllegalArgumentException("must be positive")
      v
    }))

  private def fraction(key: String, default: Double, doc: String): EmberConfEntry[Double] =
    register(EmberConfEntry[Double](key, default, doc, { s =>
      val v = s.toDouble
      if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("must be within [0, 1]")
      v
    }))

  private def optionalString(key: String, doc: String): EmberConfEntry[Option[String]] =
    register(EmberConfEntry[Option[String]](key, None, doc, s => Some(s).filter(_.nonEmpty)))

  private def timeMs(key: String, default: String, doc: String): EmberConfEntry[Long] =
    register(EmberConfEntry[Long](key, JavaUtils.timeStringAsMs(default), doc,
      s => JavaUtils.timeStringAsMs(s)))

  /** The prefix of every Ember key. */
  val PREFIX = "spark.ember."

  val ENABLED: EmberConfEntry[Boolean] = boolean(
    "spark.ember.enabled",
    default = true,
    "Whether Ember replaces supported parts of physical plans with native execution. " +
      "A session setting: false leaves every plan to Spark.")

  val EXPLAIN_FALLBACK: EmberConfEntry[Boolean] = boolean(
    "spark.ember.explainFallback.enabled",
    default = false,
    "When true, every plan node that Ember declines is logged at WARN with the reason. " +
      "The reasons are also kept on the node in the EmberTags.FallbackReasons tag.")

  val BATCH_SIZE: EmberConfEntry[Int] = positiveInt(
    "spark.ember.batchSize",
    default = 8192,
    "Target number of rows per Arrow batch that the sidecar returns.")

  val PARTIAL_AGGREGATE_SKIP: EmberConfEntry[Boolean] = boolean(
    "spark.ember.aggregate.partialSkip.enabled",
    default = true,
    "Whether a native partial aggregate stops grouping when grouping does not reduce its " +
      "rows: after spark.ember.aggregate.partialSkip.minRows input rows, if it has made more " +
      "than spark.ember.aggregate.partialSkip.groupRatio groups per row, it emits its groups " +
      "and passes each later row on as a partial row of its own. The answer is the same (the " +
      "final aggregate merges partial rows whatever their grouping); the time spent grouping " +
      "nearly distinct keys is saved. Aggregates that add floating-point values (sum, avg or " +
      "variance of doubles, avg of integers) always keep grouping: skipping would change the " +
      "order of the additions and so the last bits of the result.")

  val PARTIAL_AGGREGATE_SKIP_MIN_ROWS: EmberConfEntry[Long] = positiveLong(
    "spark.ember.aggregate.partialSkip.minRows",
    default = 100000L,
    "Input rows a native partial aggregate takes before it decides whether to skip grouping " +
      "(see spark.ember.aggregate.partialSkip.enabled).")

  val PARTIAL_AGGREGATE_SKIP_GROUP_RATIO: EmberConfEntry[Double] = fraction(
    "spark.ember.aggregate.partialSkip.groupRatio",
    default = 0.8,
    "Groups per input row above which a native partial aggregate skips grouping, " +
      "between 0 and 1 (see spark.ember.aggregate.partialSkip.enabled).")

  val EXCHANGE_INPUT_ANY_REGION: EmberConfEntry[Boolean] = boolean(
    "spark.ember.exchangeInput.projectFilter.enabled",
    default = false,
    "Whether a region made only of Project and Filter above a shuffle exchange runs natively, " +
      "reading the exchange's rows as Arrow. Off by default: converting the rows costs more " +
      "than those operators save. Regions with an aggregate, sort or limit above an exchange " +
      "always read it natively (switch: spark.ember.operator.ArrowInput.enabled). Applies to " +
      "Spark's exchanges only: a region over native exchanges converts nothing and is always native.")

  val EXCHANGE_INPUT_LOCAL_SORT: EmberConfEntry[Boolean] = boolean(
    "spark.ember.exchangeInput.localSort.enabled",
    default = false,
    "Whether a region made only of a local sort (the sort Spark adds below a sort-merge join, " +
      "a window or a sort aggregate), with Project and Filter, above a shuffle exchange runs " +
      "natively. Off by default: the Spark operator above reads rows, so the region's rows are " +
      "converted to Arrow and back, which costs more than Spark's own sort. Global sorts " +
      "(ORDER BY) above an exchange stay native. Applies to Spark's exchanges only: a region " +
      "over native exchanges is always native.")

  val SHUFFLE_ENABLED: EmberConfEntry[Boolean] = boolean(
    "spark.ember.shuffle.enabled",
    default = true,
    "Whether a shuffle exchange whose child is a native region is native: the region's map " +
      "tasks write Spark's shuffle files themselves (compressed Arrow IPC blocks) and the native " +
      "region above reads the blocks without converting rows. Off: Spark's exchange stays and the " +
      "regions on either side convert its rows.")

  val SHUFFLE_LOCAL_SEGMENTS: EmberConfEntry[Boolean] = boolean(
    "spark.ember.shuffle.localSegments.enabled",
    default = true,
    "Whether a native region reads the native shuffle blocks its executor wrote from the shuffle " +
      "files itself: the JVM hands the sidecar their file segments (path, offset, length) instead of " +
      "reading and forwarding their bytes. Blocks of other executors are fetched by Spark's block " +
      "manager and forwarded either way. Off: every block is read by the JVM and forwarded.")

  val SHUFFLE_CODEC: EmberConfEntry[String] = register(EmberConfEntry(
    "spark.ember.shuffle.compression.codec",
    "lz4",
    "The compression of a native shuffle's blocks: lz4 (lz4-frame, the default) or zstd.",
    raw => raw.toLowerCase(Locale.ROOT) match {
      case v @ ("lz4" | "zstd") => v
      case other => throw new IllegalArgumentException(s"'$other' is not lz4 or zstd")
    }))

  val SHUFFLE_COMPATIBLE_MANAGERS: EmberConfEntry[Seq[String]] = register(EmberConfEntry(
    "spark.ember.shuffle.compatibleManagers",
    Seq("org.apache.spark.sql.comet.execution.shuffle.CometShuffleManager"),
    "Shuffle managers besides Spark's sort shuffle manager under which a shuffle exchange may be " +
      "native (class names, comma-separated): managers that hand a plain shuffle dependency to " +
      "Spark's sort shuffle manager and whose resolver is Spark's IndexShuffleBlockResolver, as " +
      "Comet's does. Under any other manager Spark's exchange stays.",
    raw => raw.split(",").map(_.trim).filter(_.nonEmpty).toSeq))

  val BROADCAST_EXCHANGE: EmberConfEntry[Boolean] = boolean(
    "spark.ember.broadcastExchange.enabled",
    default = true,
    "Whether a broadcast for a native hash join whose build side runs natively is Ember's own " +
      "exchange: the build side's Arrow output is collected undecoded, broadcast as Arrow IPC and " +
      "fed to the join's tasks as is. False keeps Spark's exchange (rows, a HashedRelation, " +
      "converted back to Arrow in every task).")

  val BROADCAST_CACHE: EmberConfEntry[Boolean] = boolean(
    "spark.ember.broadcastCache.enabled",
    default = true,
    "Whether the tasks of a native broadcast hash join share its build side on each sidecar: the " +
      "first task on a sidecar sends the broadcast's rows and the sidecar builds the hash table " +
      "once, kept by broadcast id for the other tasks of the stage (and of later queries that reuse " +
      "the broadcast), which send nothing; released when Spark removes the broadcast. False: every " +
      "task sends the rows and builds its own table. The sidecar's room for it is " +
      "spark.ember.broadcastCache.maxBytes.")

  val BROADCAST_CACHE_MAX_BYTES: EmberConfEntry[Option[Long]] = register(EmberConfEntry[Option[Long]](
    "spark.ember.broadcastCache.maxBytes",
    None,
    "Most bytes of broadcast build sides (rows, keys and hash table) a sidecar keeps for the tasks " +
      "that share them; they count in its memory budget (spark.ember.memory), and unused ones are " +
      "dropped, least recently used first, to make room for a new one or when a task needs the " +
      "budget. A build side larger than this, or that the budget cannot hold, is built by each " +
      "task for itself. 0 disables the cache. Unset: a quarter of the sidecar's budget. Read from " +
      "the SparkConf when the sidecar starts.",
    { s =>
      val v = JavaUtils.byteStringAsBytes(s)
      if (v < 0) throw new IllegalArgumentException("must not be negative")
      Some(v)
    }))

  /** [[BROADCAST_CACHE_MAX_BYTES]], or its default from the sidecar's budget. */
  def broadcastCacheBytes(sparkConf: SparkConf): Long =
    BROADCAST_CACHE_MAX_BYTES.get(sparkConf).getOrElse(memoryBudget(sparkConf) / 4)

  val SMJ_TO_HASH_JOIN: EmberConfEntry[Boolean] = boolean(
    "spark.ember.sortMergeJoin.replaceWithHashJoin",
    default = true,
    "Whether a SortMergeJoin (and the sorts Spark put below it for it) runs as Ember's hash " +
      "join over the same partitions, when nothing above relies on the join's output being " +
      "sorted (else it stays in Spark and says so). The build side is the smaller side by " +
      "Spark's plan statistics (inner and full outer joins), the right side of left outer, " +
      "semi and anti joins, the left side of right outer joins. A build side larger than the " +
      "task's memory spills both sides to disk, where Spark's sort-merge join does less work, so a " +
      "join whose largest build partition may be over spark.ember.sortMergeJoin.maxBuildPartitionBytes " +
      "stays a sort-merge join in Spark.")

  val SMJ_MAX_BUILD_PARTITION_BYTES: EmberConfEntry[Option[Long]] = register(EmberConfEntry[Option[Long]](
    "spark.ember.sortMergeJoin.maxBuildPartitionBytes",
    None,
    "The largest build partition, in bytes, for which a SortMergeJoin is replaced by " +
      "Ember's hash join (see spark.ember.sortMergeJoin.replaceWithHashJoin): the size comes " +
      "from AQE's statistics of the shuffle the build side reads, else from Spark's plan " +
      "statistics over the partition count; an unknown size keeps the sort-merge join. A build " +
      "partition that does not fit the task's share of the sidecar's budget makes the hash join " +
      "spill both of its sides to disk, where the sort-merge join does less work. Unset: an " +
      "eighth of a task's share of the sidecar's budget (spark.ember.memory over the executor's " +
      "task slots), half of what a task's first native region may reserve, which leaves the other " +
      "half for the hash table and the probe side's batches (64 MiB with the 1g default budget " +
      "and 2 slots).",
    { s =>
      val v = JavaUtils.byteStringAsBytes(s)
      if (v <= 0) throw new IllegalArgumentException("must be positive")
      Some(v)
    }))

  /** [[SMJ_MAX_BUILD_PARTITION_BYTES]], or its default from the sidecar's budget. */
  def maxBuildPartitionBytes(conf: SQLConf, sparkConf: SparkConf): Long =
    SMJ_MAX_BUILD_PARTITION_BYTES.get(conf).getOrElse(
      memoryBudget(sparkConf) / dev.ember.spark.exec.EmberTaskMemory.taskSlots(sparkConf) / 8)

  val MEMORY: EmberConfEntry[Option[String]] = optionalString(
    "spark.ember.memory",
    "Memory budget of the executor's sidecar for operator state (hash tables, sort buffers), " +
      "shared by its running tasks; beyond it, aggregation and sort spill to the executor's " +
      "local directories. A size such as 512m or 2g. Unset: spark.memory.offHeap.size when " +
      "spark.memory.offHeap.enabled, else 1g. The sidecar's Go heap is limited to the budget " +
      "plus 32 MiB for the batches in flight. Read from the SparkConf when the sidecar starts. " +
      "When unset with off-heap enabled, the budget is Spark's off-heap pool: each task with a " +
      "sort or aggregate acquires part of its share (its native regions together at most " +
      "budget / executor cores / 2) from Spark's TaskMemoryManager and the sidecar keeps " +
      "the region within it. When set, the budget is " +
      "outside Spark's pools: add it to spark.executor.memoryOverhead.")

  val SPILL_COMPRESSION: EmberConfEntry[String] = register(EmberConfEntry[String](
    "spark.ember.spill.compression",
    "lz4",
    "Compression of the sidecar's spill files (Arrow IPC): lz4, zstd or none. Read from the " +
      "SparkConf when the sidecar starts.",
    s => s.toLowerCase(Locale.ROOT) match {
      case v @ ("lz4" | "zstd" | "none") => v
      case other => throw new IllegalArgumentException(s"'$other' is not lz4, zstd or none")
    }))

  /** The sidecar's memory budget in bytes (see [[MEMORY]]). */
  def memoryBudget(conf: SparkConf): Long =
    MEMORY.get(conf).map(JavaUtils.byteStringAsBytes).getOrElse {
      if (conf.getBoolean("spark.memory.offHeap.enabled", defaultValue = false)) {
        JavaUtils.byteStringAsBytes(conf.get("spark.memory.offHeap.size", "0"))
      } else {
        1L << 30
      }
    }

  val SIDECAR_PATH: EmberConfEntry[Option[String]] = optionalString(
    "spark.ember.sidecar.path",
    "Path of the ember-sidecar binary to run instead of the one bundled in the Ember jar " +
      "(for development and tests). Read from the SparkConf when the sidecar starts.")

  val SIDECAR_STARTUP_TIMEOUT: EmberConfEntry[Long] = timeMs(
    "spark.ember.sidecar.startupTimeout",
    default = "30s",
    "How long to wait for a newly started sidecar to answer its handshake. " +
      "Also bounds how long a task waits for a restarted sidecar.")

  val TESTING_FAULT_INJECTION: EmberConfEntry[Option[String]] = optionalString(
    "spark.ember.testing.faultInjection",
    "For Ember's own tests only; leave unset. `malformed-plan` makes each task send a plan " +
      "the sidecar must reject; `wrong-token` makes each task call the sidecar with a wrong " +
      "token. Used to check that such failures surface as clear Spark errors and that the " +
      "sidecar keeps serving.")

  /** Prefix of the per-operator switches, e.g. `spark.ember.operator.Filter.enabled`. */
  val OPERATOR_PREFIX = "spark.ember.operator."

  /** Prefix of the per-expression switches, e.g. `spark.ember.expression.Add.enabled`. */
  val EXPRESSION_PREFIX = "spark.ember.expression."

  /**
   * `spark.ember.operator.<name>.enabled` (default true): whether Ember may run the
   * operator `name` (`ParquetScan`, `Filter`, `Project`) natively.
   */
  def operatorEnabled(name: String, conf: SQLConf): Boolean =
    conf.getConfString(s"$OPERATOR_PREFIX$name.enabled", "true").trim.equalsIgnoreCase("true")

  /**
   * `spark.ember.expression.<name>.enabled` (default true): whether Ember may run the
   * expression `name` (Spark's class name, e.g. `Add`) natively.
   */
  def expressionEnabled(name: String, conf: SQLConf): Boolean =
    conf.getConfString(s"$EXPRESSION_PREFIX$name.enabled", "true").trim.equalsIgnoreCase("true")

  /**
   * `spark.ember.expression.<name>.allowIncompatible` (default false): whether Ember may
   * run the expression `name` natively where its result can differ from Spark's.
   */
  def expressionAllowIncompatible(name: String, conf: SQLConf): Boolean =
    conf.getConfString(s"$EXPRESSION_PREFIX$name.allowIncompatible", "false")
      .trim.equalsIgnoreCase("true")

  /** All fixed keys, in declaration order. */
  def allEntries: Seq[EmberConfEntry[_]] = registry.values.toSeq
}
