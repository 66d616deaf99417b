package dev.ember.spark.serde.operators

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{HashJoin, JoinType => PJoinType, Operator}
import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerdes, OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.optimizer.{BuildLeft, BuildRight}
import org.apache.spark.sql.catalyst.plans._
import org.apache.spark.sql.execution.joins.BroadcastHashJoinExec
import org.apache.spark.sql.internal.SQLConf
import org.apache.spark.sql.types._

/**
 * `BroadcastHashJoinExec` → `HashJoin`, its stream side in the region, its build side the
 * region's `ArrowInput`, fed in every task with the rows of the broadcast relation
 * (`rules/BroadcastInput`). Spark's keys are compared as Spark's relation compares them:
 * by value bits, both sides of one type (floating keys arrive normalized by Spark's
 * `NormalizeFloatingNumbers`); a NULL key matches nothing.
 */
object BroadcastHashJoinSerde extends OperatorSerde[BroadcastHashJoinExec] {
  override val name: String = "BroadcastHashJoin"

  override def notes: String = "inner, left outer (build right), right outer (build left), left semi, left anti " +
    "and the null-aware anti join of `NOT IN`, with an extra condition, several keys of any atomic type; " +
    "the stream side must read Parquet (a region over an exchange would need a second input), one broadcast " +
    "per region; each task converts the broadcast relation's rows to Arrow. Existence joins stay in Spark"

  /** The key types the native join hashes and compares as Spark does. */
  private def keyType(t: DataType): Boolean = t match {
    case BooleanType | ByteType | ShortType | IntegerType | LongType | FloatType | DoubleType => true
    case _: DecimalType | StringType | BinaryType | DateType | TimestampType | TimestampNTZType => true
    case _ => false
  }

  /**
   * The proto join type, or why not. The build side must be the one Spark broadcasts and
   * whose rows are never output on their own: every task holds the whole broadcast, so a
   * build-side outer, semi or anti row would be emitted once per task.
   */
  private def joinType(join: BroadcastHashJoinExec): Either[String, PJoinType] = (join.joinType, join.buildSide) match {
    case (_: InnerLike, _) => Right(PJoinType.JOIN_TYPE_INNER)
    case (LeftOuter, BuildRight) => Right(PJoinType.JOIN_TYPE_LEFT_OUTER)
    case (RightOuter, BuildLeft) => Right(PJoinType.JOIN_TYPE_RIGHT_OUTER)
    case (LeftSemi, BuildRight) => Right(PJoinType.JOIN_TYPE_LEFT_SEMI)
    case (LeftAnti, BuildRight) => Right(PJoinType.JOIN_TYPE_LEFT_ANTI)
    case (_: ExistenceJoin, _) => Left("existence joins (EXISTS in a disjunction) are not supported natively yet")
    case (t, side) => Left(s"a ${t.sql} join that builds the ${if (side == BuildLeft) "left" else "right"} side " +
      "of a broadcast would emit the build side's own rows in every task")
  }

  override def supportLevel(join: BroadcastHashJoinExec, conf: SQLConf): SupportLevel = {
    val keys = join.leftKeys.zip(join.rightKeys)
    joinType(join).left.toOption.orElse(keys.collectFirst {
      case (l, r) if l.dataType != r.dataType =>
        s"join keys of two types (${l.dataType.catalogString}, ${r.dataType.catalogString})"
      case (l, _) if !keyType(l.dataType) => s"a join key of type ${l.dataType.catalogString}"
    }).orElse(if (keys.isEmpty) Some("a join without equal keys") else None)
      .orElse(if (join.isNullAwareAntiJoin && (keys.size != 1 || join.condition.isDefined)) {
        Some("a null-aware anti join with several keys or a condition")
      } else None)
      .map(Unsupported(_)).getOrElse(Compatible)
  }

  override def convert(join: BroadcastHashJoinExec, conf: SQLConf): Either[String, Operator.Builder] =
    for {
      typ <- joinType(join)
      leftKeys <- ExprSerdes.convertAll(join.leftKeys, ExprContext(join.left.output, conf))
      rightKeys <- ExprSerdes.convertAll(join.rightKeys, ExprContext(join.right.output, conf))
      condition <- ExprSerdes.sequence(join.condition.toSeq.map(c =>
        ExprSerdes.convert(c, ExprContext(join.left.output ++ join.right.output, conf))))
      output <- DataTypeSerde.schemaToProto(StructType(join.output.map(a => StructField(a.name, a.dataType, a.nullable))))
    } yield {
      val h = HashJoin.newBuilder()
        .setJoinType(typ)
        .addAllLeftKeys(leftKeys.asJava)
        .addAllRightKeys(rightKeys.asJava)
        .setBuildLeft(join.buildSide == BuildLeft)
        .setNullAwareAnti(join.isNullAwareAntiJoin)
        .setOutput(output)
      condition.headOption.foreach(h.setCondition)
      Operator.newBuilder().setHashJoin(h)
    }
}
