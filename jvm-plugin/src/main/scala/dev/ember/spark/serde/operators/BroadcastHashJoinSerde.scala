package dev.ember.spark.serde.operators

import scala.collection.JavaConverters._

import dev.ember.proto.plan.v1.{HashJoin, JoinType => PJoinType, Operator}
import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerdes, OperatorSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{Attribute, Expression}
import org.apache.spark.sql.catalyst.optimizer.{BuildLeft, BuildRight, BuildSide}
import org.apache.spark.sql.catalyst.plans._
import org.apache.spark.sql.execution.SparkPlan
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
    "the stream side may read Parquet or an exchange, and a region may hold several broadcast joins (an input " +
    "each); each task converts the broadcast relation's rows to Arrow, or, when the build side runs natively, " +
    "forwards Ember's broadcast of its Arrow output (spark.ember.broadcastExchange.enabled). Existence joins stay in Spark"

  override def supportLevel(join: BroadcastHashJoinExec, conf: SQLConf): SupportLevel =
    HashJoins.broadcastJoinType(join.joinType, join.buildSide).left.toOption.orElse(HashJoins.keysUnsupported(join.leftKeys, join.rightKeys))
      .orElse(if (join.isNullAwareAntiJoin && (join.leftKeys.size != 1 || join.condition.isDefined)) {
        Some("a null-aware anti join with several keys or a condition")
      } else None)
      .map(Unsupported(_)).getOrElse(Compatible)

  override def convert(join: BroadcastHashJoinExec, conf: SQLConf): Either[String, Operator.Builder] =
    HashJoins.broadcastJoinType(join.joinType, join.buildSide).flatMap(typ => HashJoins.convert(typ, join.leftKeys, join.rightKeys, join.condition, join.left,
      join.right, join.output, join.buildSide == BuildLeft, join.isNullAwareAntiJoin, conf))
}

/**
 * What the serdes of Spark's equi-joins share: the key checks and the proto `HashJoin`.
 * Spark's keys are compared as Spark's hashed relations compare them: by value bits, both
 * sides of one type (floating keys arrive normalized by Spark's `NormalizeFloatingNumbers`);
 * a NULL key matches nothing.
 */
object HashJoins {

  /** The key types the native join hashes and compares as Spark does. */
  private def keyType(t: DataType): Boolean = t match {
    case BooleanType | ByteType | ShortType | IntegerType | LongType | FloatType | DoubleType => true
    case _: DecimalType | StringType | BinaryType | DateType | TimestampType | TimestampNTZType => true
    case _ => false
  }

  /** Why the join keys cannot be compared natively, if they cannot. */
  def keysUnsupported(leftKeys: Seq[Expression], rightKeys: Seq[Expression]): Option[String] =
    leftKeys.zip(rightKeys).collectFirst {
      case (l, r) if l.dataType != r.dataType =>
        s"join keys of two types (${l.dataType.catalogString}, ${r.dataType.catalogString})"
      case (l, _) if !keyType(l.dataType) => s"a join key of type ${l.dataType.catalogString}"
    }.orElse(if (leftKeys.isEmpty) Some("a join without equal keys") else None)

  /**
   * The proto join type of a broadcast join, or why not. The build side must be the one
   * Spark broadcasts and whose rows are never output on their own: every task holds the
   * whole broadcast, so a build-side outer, semi or anti row would be emitted once per task.
   */
  def broadcastJoinType(t: JoinType, side: BuildSide): Either[String, PJoinType] = (t, side) match {
    case (_: InnerLike, _) => Right(PJoinType.JOIN_TYPE_INNER)
    case (LeftOuter, BuildRight) => Right(PJoinType.JOIN_TYPE_LEFT_OUTER)
    case (RightOuter, BuildLeft) => Right(PJoinType.JOIN_TYPE_RIGHT_OUTER)
    case (LeftSemi, BuildRight) => Right(PJoinType.JOIN_TYPE_LEFT_SEMI)
    case (LeftAnti, BuildRight) => Right(PJoinType.JOIN_TYPE_LEFT_ANTI)
    case (_: ExistenceJoin, _) => Left("existence joins (EXISTS in a disjunction) are not supported natively yet")
    case (other, _) => Left(s"a ${other.sql} join that builds the ${if (side == BuildLeft) "left" else "right"} side " +
      "of a broadcast would emit the build side's own rows in every task")
  }

  /** The proto join type of Spark's (any build side), or why not. */
  def joinType(t: JoinType): Either[String, PJoinType] = t match {
    case _: InnerLike => Right(PJoinType.JOIN_TYPE_INNER)
    case LeftOuter => Right(PJoinType.JOIN_TYPE_LEFT_OUTER)
    case RightOuter => Right(PJoinType.JOIN_TYPE_RIGHT_OUTER)
    case FullOuter => Right(PJoinType.JOIN_TYPE_FULL_OUTER)
    case LeftSemi => Right(PJoinType.JOIN_TYPE_LEFT_SEMI)
    case LeftAnti => Right(PJoinType.JOIN_TYPE_LEFT_ANTI)
    case _: ExistenceJoin => Left("existence joins (EXISTS in a disjunction) are not supported natively yet")
    case other => Left(s"a ${other.sql} join is not supported natively")
  }

  /** The proto `HashJoin` (children are added by the rule: left, then right). */
  def convert(
      typ: PJoinType,
      leftKeys: Seq[Expression],
      rightKeys: Seq[Expression],
      condition: Option[Expression],
      left: SparkPlan,
      right: SparkPlan,
      output: Seq[Attribute],
      buildLeft: Boolean,
      nullAwareAnti: Boolean,
      conf: SQLConf): Either[String, Operator.Builder] =
    for {
      lk <- ExprSerdes.convertAll(leftKeys, ExprContext(left.output, conf))
      rk <- ExprSerdes.convertAll(rightKeys, ExprContext(right.output, conf))
      cond <- ExprSerdes.sequence(condition.toSeq.map(c =>
        ExprSerdes.convert(c, ExprContext(left.output ++ right.output, conf))))
      out <- DataTypeSerde.schemaToProto(StructType(output.map(a => StructField(a.name, a.dataType, a.nullable))))
    } yield {
      val h = HashJoin.newBuilder()
        .setJoinType(typ)
        .addAllLeftKeys(lk.asJava)
        .addAllRightKeys(rk.asJava)
        .setBuildLeft(buildLeft)
        .setNullAwareAnti(nullAwareAnti)
        .setOutput(out)
      cond.headOption.foreach(h.setCondition)
      Operator.newBuilder().setHashJoin(h)
    }
}
