package dev.ember.spark.rules

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{HashPartitioning => HashProto, RangePartitioning => RangeProto,
  RoundRobinPartitioning => RoundRobinProto, ShuffleWrite, SinglePartitioning}
import dev.ember.spark.EmberConf
import dev.ember.spark.exec.{EmberExec, NativeShuffleToRowsExec}
import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerdes}
import dev.ember.spark.serde.operators.SortOrders

import org.apache.spark.ember.{EmberShuffleExchangeExec, EmberShuffleInternals, NativeShuffleInput}
import org.apache.spark.sql.catalyst.plans.physical.{HashPartitioning, RangePartitioning, RoundRobinPartitioning, SinglePartition}
import org.apache.spark.sql.catalyst.rules.Rule
import org.apache.spark.sql.execution.{ColumnarToRowExec, SparkPlan}
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec
import org.apache.spark.sql.internal.SQLConf
import org.apache.spark.sql.types.NullType

/**
 * When a `ShuffleExchangeExec` becomes an [[EmberShuffleExchangeExec]]: its child is a native
 * region, its partitioning is one the sidecar writes exactly as Spark (hash with supported
 * key types, single, round robin over a region whose row order is deterministic, range with
 * sortable deterministic keys), and the shuffle files are ones Ember can write (the sort
 * shuffle manager's, or those of a manager listed in `spark.ember.shuffle.compatibleManagers`;
 * no I/O encryption).
 * Otherwise Spark's exchange stays, with the reason.
 *
 * Switch: `spark.ember.shuffle.enabled`; codec: `spark.ember.shuffle.compression.codec`.
 */
object NativeShuffle {

  /** The write template of `exchange` over `region` (its converted child), or why not. */
  def writeTemplate(exchange: ShuffleExchangeExec, region: EmberExec, conf: SQLConf): Either[String, ShuffleWrite] = {
    val child = exchange.child
    if (!EmberConf.SHUFFLE_ENABLED.get(conf)) {
      Left(s"native shuffle is disabled (${EmberConf.SHUFFLE_ENABLED.key}=false)")
    } else if (!EmberShuffleInternals.writesIndexFiles(EmberConf.SHUFFLE_COMPATIBLE_MANAGERS.get(conf))) {
      Left(s"native shuffle writes the sort shuffle manager's files; the configured shuffle manager " +
        s"(spark.shuffle.manager) is neither Spark's sort shuffle manager nor listed in " +
        s"${EmberConf.SHUFFLE_COMPATIBLE_MANAGERS.key}")
    } else if (EmberShuffleInternals.ioEncryption) {
      Left("native shuffle blocks are not encrypted (spark.io.encryption.enabled=true)")
    } else {
      for {
        schema <- DataTypeSerde.schemaToProto(child.schema).left.map(r => s"its rows: $r")
        builder <- partitioning(exchange, region, conf)
      } yield builder.setSchema(schema).setCodec(EmberConf.SHUFFLE_CODEC.get(conf)).build()
    }
  }

  private def partitioning(exchange: ShuffleExchangeExec, region: EmberExec, conf: SQLConf): Either[String, ShuffleWrite.Builder] =
    exchange.outputPartitioning match {
      case HashPartitioning(keys, n) =>
        if (keys.exists(_.dataType == NullType)) Left("a hash partitioning key of type NULL")
        else ExprSerdes.convertAll(keys, ExprContext(exchange.child.output, conf)).map { exprs =>
          val hash = HashProto.newBuilder().setNumPartitions(n)
          exprs.foreach(hash.addKeys)
          ShuffleWrite.newBuilder().setHash(hash)
        }.left.map(r => s"a hash partitioning key: $r")
      case SinglePartition =>
        Right(ShuffleWrite.newBuilder().setSingle(SinglePartitioning.getDefaultInstance))
      case RoundRobinPartitioning(n) =>
        // Spark sorts a round-robin exchange's input first (sortBeforeRepartition) so that a
        // retried map task sends each row where the first attempt did. Ember assigns rows in
        // the region's output order, which is the same on retry only when the region reads no
        // exchange (whose blocks arrive in any order).
        if (SQLConf.get.sortBeforeRepartition && region.inputs.nonEmpty) {
          Left("round-robin partitioning of rows read from an exchange: their order differs between " +
            "attempts, and Spark sorts them first (spark.sql.execution.sortBeforeRepartition)")
        } else {
          Right(ShuffleWrite.newBuilder().setRoundRobin(RoundRobinProto.newBuilder().setNumPartitions(n)))
        }
      case RangePartitioning(orders, n) =>
        // The bounds are sampled when the exchange executes (EmberRangeBounds); the map tasks
        // only compare rows with them, so every key type must be one the sidecar orders.
        (SortOrders.unsupported(orders), orders.find(!_.deterministic)) match {
          case (Some(reason), _) => Left(s"range partitioning: $reason")
          case (None, Some(o)) => Left(s"range partitioning: the nondeterministic sort key " +
            s"${ExprSerdes.abbreviateForLog(o.child.sql)} (sampled and partitioned apart, it would differ)")
          case (None, None) =>
            SortOrders.convert(orders, exchange.child.output, conf).map { keys =>
              ShuffleWrite.newBuilder().setRange(RangeProto.newBuilder().setNumPartitions(n).addAllKeys(keys.asJava))
            }.left.map(r => s"a range partitioning key: $r")
        }
      case other =>
        Left(s"partitioning ${other.getClass.getSimpleName} is not supported")
    }

  /** The native exchange replacing `exchange` over its converted child `region`. */
  def exchange(exchange: ShuffleExchangeExec, region: EmberExec, template: ShuffleWrite): EmberShuffleExchangeExec =
    EmberShuffleExchangeExec(exchange.outputPartitioning, region, exchange.shuffleOrigin,
      exchange.advisoryPartitionSize, template)

  /**
   * A native exchange reads its child region's tasks itself; Spark puts a `ColumnarToRow`
   * between them (the exchange also supports rows, see [[EmberShuffleExchangeExec]]), which
   * this removes. Above AQE's read of a native exchange, Spark's `ColumnarToRow` becomes a
   * [[NativeShuffleToRowsExec]].
   */
  object RemoveColumnarToRow extends Rule[SparkPlan] {
    override def apply(plan: SparkPlan): SparkPlan = plan.transformUp {
      case e: EmberShuffleExchangeExec => e.child match {
        case c: ColumnarToRowExec => e.withNewChildren(Seq(c.child))
        case _ => e
      }
      // Above AQE's read of a native exchange: see NativeShuffleToRowsExec.
      case c: ColumnarToRowExec if NativeShuffleInput.exchange(c.child).isDefined => NativeShuffleToRowsExec(c.child)
    }
  }
}
