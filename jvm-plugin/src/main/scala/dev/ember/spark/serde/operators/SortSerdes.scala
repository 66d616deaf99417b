package dev.ember.spark.serde.operators

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{Limit, Operator, Sort, SortKey, TopN}
import dev.ember.spark.serde.{ExprContext, ExprSerdes, OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{Attribute, Descending, NullsFirst, SortOrder}
import org.apache.spark.sql.execution.{GlobalLimitExec, LocalLimitExec, SortExec, TakeOrderedAndProjectExec}
import org.apache.spark.sql.internal.SQLConf
import org.apache.spark.sql.types._

/** Spark's `SortOrder`s as proto sort keys, and which key types the sidecar orders. */
object SortOrders {

  /** The key types the sidecar orders exactly as Spark (SortExec's ordering of atomic types). */
  def sortable(t: DataType): Boolean = t match {
    case BooleanType | ByteType | ShortType | IntegerType | LongType | FloatType | DoubleType => true
    case _: DecimalType | StringType | BinaryType | DateType | TimestampType | TimestampNTZType => true
    case _ => false
  }

  /** None when every key can be ordered natively, else why not. */
  def unsupported(orders: Seq[SortOrder]): Option[String] =
    orders.collectFirst {
      case o if !sortable(o.dataType) => s"sort key ${ExprSerdes.abbreviateForLog(o.child.sql)} of type " +
        s"${o.dataType.catalogString} (Ember orders atomic types only)"
    }

  def convert(orders: Seq[SortOrder], input: Seq[Attribute], conf: SQLConf): Either[String, Seq[SortKey]] =
    ExprSerdes.convertAll(orders.map(_.child), ExprContext(input, conf)).map { exprs =>
      orders.zip(exprs).map { case (o, e) =>
        SortKey.newBuilder()
          .setExpr(e)
          .setDescending(o.direction == Descending)
          .setNullsFirst(o.nullOrdering == NullsFirst)
          .build()
      }
    }

  val notes: String = "keys of every atomic type (boolean, integers, float/double with Spark's ordering: " +
    "NaN above every value and equal to itself, -0.0 equal to 0.0; decimals; strings and binary in unsigned " +
    "byte order; date, timestamp, timestamp_ntz), ASC/DESC, NULLS FIRST/LAST, several keys, any supported " +
    "key expression; rows with equal keys keep their input order"
}

/**
 * `SortExec` (global or not) → `Sort`: the sidecar orders the whole partition. It holds the
 * partition's batches in memory (no spilling yet).
 */
object SortSerde extends OperatorSerde[SortExec] {
  override val name: String = "Sort"

  override def notes: String = SortOrders.notes + ". `ORDER BY` sorts above a range exchange, `SORT BY` " +
    "over the partition as it comes; the partition is held in the sidecar's memory (no spilling yet)"

  override def supportLevel(sort: SortExec, conf: SQLConf): SupportLevel =
    SortOrders.unsupported(sort.sortOrder).map(Unsupported).getOrElse(Compatible)

  override def convert(sort: SortExec, conf: SQLConf): Either[String, Operator.Builder] =
    SortOrders.convert(sort.sortOrder, sort.child.output, conf).map { keys =>
      Operator.newBuilder().setSort(Sort.newBuilder().addAllKeys(keys.asJava))
    }
}

/** `LocalLimitExec` → `Limit`: the first rows of each partition; the child stops being read. */
object LocalLimitSerde extends OperatorSerde[LocalLimitExec] {
  override val name: String = "LocalLimit"

  override def notes: String = "the first n rows of each partition; stops reading its input once it has them"

  override def convert(limit: LocalLimitExec, conf: SQLConf): Either[String, Operator.Builder] =
    Right(Operator.newBuilder().setLimit(Limit.newBuilder().setLimit(limit.limit.toLong)))
}

/**
 * `GlobalLimitExec` → `Limit` with its offset (`LIMIT n OFFSET m` in a subquery): rows
 * [offset, limit) of its single partition (Spark's limit counts the offset rows).
 */
object GlobalLimitSerde extends OperatorSerde[GlobalLimitExec] {
  override val name: String = "GlobalLimit"

  override def notes: String = "`LIMIT n` and `LIMIT n OFFSET m` (and `OFFSET m` alone) below the query's " +
    "top, above the single-partition exchange; stops reading its input once it has its rows. " +
    "The query's top limit is Spark's CollectLimitExec (a driver-side collect), which stays in Spark"

  override def supportLevel(limit: GlobalLimitExec, conf: SQLConf): SupportLevel =
    if (limit.limit == 0 && limit.offset > 0) {
      // Spark's interpreted (slice(offset, 0): no rows) and generated code (skip offset rows,
      // then keep everything) disagree here; the optimizer removes LIMIT 0 before it.
      Unsupported("LIMIT 0 with an OFFSET")
    } else {
      Compatible
    }

  override def convert(limit: GlobalLimitExec, conf: SQLConf): Either[String, Operator.Builder] =
    Right(Operator.newBuilder().setLimit(Limit.newBuilder().setLimit(limit.limit.toLong).setOffset(limit.offset.toLong)))
}

/**
 * `TakeOrderedAndProjectExec` (`ORDER BY ... LIMIT n [OFFSET m]`) → a native `TopN` per
 * partition below it. The conversion rule keeps Spark's `TakeOrderedAndProjectExec` on top of
 * the region: it merges the at most n rows each partition sends (their ordering satisfies its
 * sort order, so it only takes them), drops the offset rows and evaluates the project list.
 * That final merge needs a single-partition shuffle, which Ember does not run natively yet.
 */
object TopNSerde extends OperatorSerde[TakeOrderedAndProjectExec] {
  override val name: String = "TopN"

  /** The reason recorded on the `TakeOrderedAndProjectExec` kept above a native top-N. */
  val FinalMergeReason: String = "the final merge of the partitions' top rows (at most limit rows per " +
    "partition, already sorted natively by TopN), the offset and the projection run in Spark"

  override def notes: String = SortOrders.notes + ". Native per partition (it keeps at most limit rows, " +
    "offset included); Spark's TakeOrderedAndProjectExec stays on top to merge the partitions' rows, drop " +
    "the offset and project: " + FinalMergeReason

  override def supportLevel(t: TakeOrderedAndProjectExec, conf: SQLConf): SupportLevel =
    SortOrders.unsupported(t.sortOrder).map(Unsupported).getOrElse(Compatible)

  override def convert(t: TakeOrderedAndProjectExec, conf: SQLConf): Either[String, Operator.Builder] =
    SortOrders.convert(t.sortOrder, t.child.output, conf).map { keys =>
      Operator.newBuilder().setTopN(TopN.newBuilder().addAllKeys(keys.asJava).setLimit(t.limit.toLong))
    }
}
