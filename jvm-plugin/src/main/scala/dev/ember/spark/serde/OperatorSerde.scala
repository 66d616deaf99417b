package dev.ember.spark.serde

import scala.reflect.ClassTag

import dev.ember.proto.plan.v1.Operator
import dev.ember.spark.EmberConf
import dev.ember.spark.serde.SupportLevel.{Compatible, Incompatible, Unsupported}

import org.apache.spark.sql.execution.SparkPlan
import org.apache.spark.sql.internal.SQLConf

/**
 * Converts one Spark physical operator class to the proto `Operator`.
 *
 * A serde converts only its own node; the conversion rule adds the children, so a serde
 * never needs to know what is below it.
 */
abstract class OperatorSerde[T <: SparkPlan](implicit tag: ClassTag[T]) {

  /** The Spark operator class this serde converts; matched exactly. */
  final val planClass: Class[_] = tag.runtimeClass

  /**
   * Ember's short name of the operator: shown in `EmberExec [..]` and used in the switch
   * `spark.ember.operator.<name>.enabled`.
   */
  def name: String

  /** Whether Ember can run `plan` exactly as Spark does. */
  def supportLevel(plan: T, conf: SQLConf): SupportLevel = Compatible

  /** What is and is not covered, for docs/compatibility.md. */
  def notes: String = ""

  /**
   * The proto operator without children and plan id, or the reason it cannot be
   * converted. Called only when [[supportLevel]] allowed it.
   */
  def convert(plan: T, conf: SQLConf): Either[String, Operator.Builder]

  /** Checks the switch, support level and output types, then converts and sets the plan id. */
  final def convertChecked(p: SparkPlan, conf: SQLConf): Either[String, Operator.Builder] = {
    val plan = p.asInstanceOf[T]
    if (!EmberConf.operatorEnabled(name, conf)) {
      Left(s"$name is disabled (${EmberConf.OPERATOR_PREFIX}$name.enabled=false)")
    } else {
      val allowed: Either[String, Unit] = supportLevel(plan, conf) match {
        case Compatible => Right(())
        case Unsupported(reason) => Left(reason)
        case Incompatible(reason) => Left(s"not fully compatible with Spark: $reason")
      }
      for {
        _ <- allowed
        _ <- ExprSerdes.sequence(plan.output.map { a =>
          DataTypeSerde.toProto(a.dataType).left.map(r => s"output column ${a.name}: $r")
        })
        builder <- convert(plan, conf)
      } yield builder.setPlanId(plan.id.toLong)
    }
  }
}

/** The registry of operator serdes. */
object OperatorSerdes {
  import dev.ember.spark.serde.operators._

  val all: Seq[OperatorSerde[_ <: SparkPlan]] = Seq(ParquetScanSerde, FilterSerde, ProjectSerde, ExpandSerde, UnionSerde,
    SortSerde, LocalLimitSerde, GlobalLimitSerde, TopNSerde, HashAggregateSerde, SortAggregateSerde,
    BroadcastHashJoinSerde, BroadcastNestedLoopJoinSerde, ShuffledHashJoinSerde, SortMergeJoinSerde)

  private val byClass: Map[Class[_], OperatorSerde[_ <: SparkPlan]] = all.map(s => (s.planClass, s): (Class[_], OperatorSerde[_ <: SparkPlan])).toMap

  /** The serde for `plan`'s exact class, if Ember has one. */
  def serdeFor(plan: SparkPlan): Option[OperatorSerde[_ <: SparkPlan]] = byClass.get(plan.getClass)
}
