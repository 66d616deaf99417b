package dev.ember.spark.serde.expressions

import java.nio.charset.StandardCharsets

import scala.reflect.ClassTag

import dev.ember.spark.serde.{DataTypeSerde, ExprContext, ExprSerde}
import dev.ember.spark.serde.SupportLevel
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{Expression, HashExpression, Literal, Murmur3Hash, XxHash64}
import org.apache.spark.sql.types.{NullType, StringType}
import org.apache.spark.unsafe.types.UTF8String

/**
 * Hash functions (Spark's hash.scala), sent as `ScalarFunction` with their arguments; the
 * sidecar hashes them with Spark's seed 42 (kernels/hash: Murmur3_x86_32 with
 * hashUnsafeBytes' per-byte tail, XXH64). A NULL argument (and so an untyped NULL, which
 * is not sent) leaves the hash unchanged; the result is never NULL. Arrays, maps,
 * structs, intervals and other types the sidecar does not carry stay in Spark, as does a
 * seed other than 42 (Spark's own internal uses).
 */
object HashSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(
    new HashSerde[Murmur3Hash](42L, "hash(expr1, ...), seed 42: Murmur3 (Spark's Murmur3_x86_32, as " +
      "HashPartitioning) of boolean, integral, float, double (-0.0 as 0.0, every NaN alike), decimal (precision " +
      "<= 18 by its unscaled long, wider by its unscaled BigInteger bytes), string, binary, date, timestamp and " +
      "timestamp_ntz arguments; not arrays, maps or structs") {
      override def seed(e: Murmur3Hash): Long = e.seed.toLong
    },
    new HashSerde[XxHash64](42L, "xxhash64(expr1, ...), seed 42: XXH64 of the same argument types as hash") {
      override def seed(e: XxHash64): Long = e.seed
    })

  /** Args [expr1, ...] without the untyped NULLs (which do not change the hash). */
  abstract class HashSerde[T <: HashExpression[_]: ClassTag](sparkSeed: Long, override val notes: String)
    extends ScalarFunctionSerde[T] {

    def seed(e: T): Long

    override def supportLevel(e: T, ctx: ExprContext): SupportLevel = {
      val typed = sent(e)
      if (seed(e) != sparkSeed) Unsupported(s"a seed other than $sparkSeed (${seed(e)}) is not supported")
      else if (typed.isEmpty) Unsupported("no argument of a type other than NULL")
      else typed.iterator.map(c => DataTypeSerde.toProto(c.dataType)).collectFirst {
        case Left(reason) => Unsupported(s"an argument of $reason")
      }.orElse(typed.collectFirst {
        case Literal(v: UTF8String, StringType) if !validUtf8(v) =>
          Unsupported("a string literal that is not valid UTF-8 is not supported")
      }).getOrElse(Compatible)
    }

    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(sent(e))

    private def sent(e: T): Seq[Expression] = e.children.filterNot(_.dataType == NullType)
  }

  private def validUtf8(v: UTF8String): Boolean =
    java.util.Arrays.equals(v.toString.getBytes(StandardCharsets.UTF_8), v.getBytes)
}
