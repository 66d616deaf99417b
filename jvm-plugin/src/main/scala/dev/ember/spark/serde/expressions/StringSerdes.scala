package dev.ember.spark.serde.expressions

import java.nio.charset.StandardCharsets
import java.util.Locale

import scala.reflect.ClassTag
import scala.util.control.NonFatal

import dev.ember.spark.serde.{ExprContext, ExprSerde, SupportLevel}
import dev.ember.spark.serde.SupportLevel.{Compatible, Unsupported}

import org.apache.spark.sql.catalyst.expressions.{Concat, Contains, EndsWith, Expression, Length, Like, Literal, Lower, StartsWith, StringTrim, StringTrimLeft, StringTrimRight, Substring, Upper}
import org.apache.spark.sql.catalyst.util.StringUtils
import org.apache.spark.sql.types.{BinaryType, DataType, StringType}
import org.apache.spark.unsafe.types.UTF8String

/**
 * String expressions (Spark's stringExpressions.scala, regexpExpressions.scala and
 * collectionOperations.scala), sent as `ScalarFunction`. The optimizer's
 * LikeSimplification rewrites `x LIKE 'abc%'`, `'%abc'` and `'%abc%'` (patterns without
 * `_` or the escape character) into StartsWith, EndsWith and Contains, and `x LIKE 'abc'`
 * into `x = 'abc'`; other constant patterns stay Like. None of these has an ANSI behaviour.
 */
object StringSerdes {

  val all: Seq[ExprSerde[_ <: Expression]] = Seq(
    new StringPredicateSerde[StartsWith](
      "also `LIKE 'abc%'` and startswith on strings; byte comparison, NULL if either side is NULL"),
    new StringPredicateSerde[EndsWith](
      "also `LIKE '%abc'` and endswith on strings; byte comparison, NULL if either side is NULL"),
    new StringPredicateSerde[Contains](
      "also `LIKE '%abc%'` and contains on strings; byte search, NULL if either side is NULL"),
    LengthSerde,
    new CaseSerde[Upper]("upper, ucase: as UTF8String.toUpperCase (ASCII byte-wise; otherwise Java's " +
      "String.toUpperCase with JDK 17 case data: ß → SS, ŉ → ʼN, malformed UTF-8 → U+FFFD when the value " +
      "has a multi-byte character); not when the JVM's default locale is Turkish, Azeri or Lithuanian"),
    new CaseSerde[Lower]("lower, lcase: as UTF8String.toLowerCase (as upper; İ → i̇, final sigma Σ → ς by the " +
      "JDK's word boundaries, checked against JDK 17 over 2.2 million random contexts); not when the JVM's " +
      "default locale is Turkish, Azeri or Lithuanian"),
    SubstringSerde,
    ConcatSerde,
    new TrimSerde[StringTrim]("trim, btrim, TRIM(BOTH [chars] FROM s): spaces (0x20 only) or the given characters"),
    new TrimSerde[StringTrimLeft]("ltrim, TRIM(LEADING [chars] FROM s): spaces (0x20 only) or the given characters"),
    new TrimSerde[StringTrimRight]("rtrim, TRIM(TRAILING [chars] FROM s): spaces (0x20 only) or the given characters"),
    LikeSerde)

  private def only(what: String, types: Seq[DataType], allowed: Set[DataType]): SupportLevel =
    types.find(t => !allowed.contains(t)) match {
      case Some(t) => Unsupported(s"$what on ${t.catalogString} is not supported")
      case None => Compatible
    }

  /**
   * A string literal travels as a proto string (UTF8String.toString), which would turn
   * malformed UTF-8 into U+FFFD; such literals stay in Spark.
   */
  private def literalsValid(children: Seq[Expression]): SupportLevel =
    children.collectFirst {
      case Literal(v: UTF8String, StringType) if !validUtf8(v) =>
        Unsupported("a string literal that is not valid UTF-8 is not supported")
    }.getOrElse(Compatible)

  private def validUtf8(v: UTF8String): Boolean =
    java.util.Arrays.equals(v.toString.getBytes(StandardCharsets.UTF_8), v.getBytes)

  private def both(a: SupportLevel, b: => SupportLevel): SupportLevel = if (a == Compatible) b else a

  /** Args [left, right], strings; boolean result. */
  final class StringPredicateSerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel =
      both(only(name, e.children.map(_.dataType), Set(StringType)), literalsValid(e.children))
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  /** Args [child]: characters of a string (UTF8String.numChars), bytes of a binary. */
  object LengthSerde extends ScalarFunctionSerde[Length] {
    override def notes: String =
      "length, char_length, character_length: characters (UTF-8 code points, invalid bytes counted as Spark's UTF8String counts them) of a string, bytes of a binary"
    override def supportLevel(e: Length, ctx: ExprContext): SupportLevel =
      both(only(name, Seq(e.child.dataType), Set(StringType, BinaryType)), literalsValid(e.children))
    override def args(e: Length, ctx: ExprContext): Either[String, Seq[Expression]] = Right(Seq(e.child))
  }

  /** Locales whose case mapping differs from the tables the sidecar carries (en / ROOT). */
  private val specialCaseLanguages = Set("tr", "az", "lt")

  /** Args [child], string. */
  final class CaseSerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel = {
      val lang = Locale.getDefault.getLanguage
      if (specialCaseLanguages.contains(lang)) {
        Unsupported(s"the JVM's default locale ${Locale.getDefault} has its own case mappings")
      } else both(only(name, e.children.map(_.dataType), Set(StringType)), literalsValid(e.children))
    }
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  /** Args [str, pos, len]; `left(str, n)` arrives as Substring(str, 1, n). */
  object SubstringSerde extends ScalarFunctionSerde[Substring] {
    override def notes: String =
      "substr, substring, left: of a string by characters (UTF8String.substringSQL: pos 0 is 1, negative pos " +
        "counts from the end, len < 0 is empty), of a binary by bytes"
    override def supportLevel(e: Substring, ctx: ExprContext): SupportLevel =
      both(only(name, Seq(e.str.dataType), Set(StringType, BinaryType)), literalsValid(e.children))
    override def args(e: Substring, ctx: ExprContext): Either[String, Seq[Expression]] = Right(Seq(e.str, e.pos, e.len))
  }

  /** Args [arg1, ...], all strings or all binary. */
  object ConcatSerde extends ScalarFunctionSerde[Concat] {
    override def notes: String = "concat, || of strings or of binary values (not arrays); NULL if any argument is NULL"
    override def supportLevel(e: Concat, ctx: ExprContext): SupportLevel =
      if (e.children.isEmpty) Unsupported("concat() without arguments is not supported")
      else both(only(name, e.dataType +: e.children.map(_.dataType), Set(e.dataType).intersect(Set(StringType, BinaryType))),
        literalsValid(e.children))
    override def args(e: Concat, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  /** Args [src] or [src, trimStr], strings. */
  final class TrimSerde[T <: Expression: ClassTag](override val notes: String) extends ScalarFunctionSerde[T] {
    override def supportLevel(e: T, ctx: ExprContext): SupportLevel =
      both(only(name, e.children.map(_.dataType), Set(StringType)), literalsValid(e.children))
    // children is srcStr +: trimStr.toSeq for the three trims
    override def args(e: T, ctx: ExprContext): Either[String, Seq[Expression]] = Right(e.children)
  }

  /**
   * Args [str, pattern, escape]: a constant pattern (validated here as Spark's
   * StringUtils.escapeLikeRegex does, so an invalid one raises in Spark) and the escape
   * character as a one-character string.
   */
  object LikeSerde extends ScalarFunctionSerde[Like] {
    override def notes: String =
      "LIKE with a constant pattern (`_`, `%`, ESCAPE), matched as Spark matches the decoded string " +
        "(malformed UTF-8 is one U+FFFD); a pattern from a column stays in Spark"
    override def supportLevel(e: Like, ctx: ExprContext): SupportLevel =
      both(only(name, Seq(e.left.dataType, e.right.dataType), Set(StringType)), e.right match {
        case Literal(null, _) => Unsupported("a NULL pattern is not supported")
        case Literal(p: UTF8String, StringType) =>
          if (Character.isSurrogate(e.escapeChar)) Unsupported("a surrogate escape character is not supported")
          else try {
            StringUtils.escapeLikeRegex(p.toString, e.escapeChar)
            literalsValid(Seq(e.left))
          } catch {
            case NonFatal(ex) => Unsupported(s"Spark rejects the pattern: ${ex.getMessage}")
          }
        case _ => Unsupported("only a constant pattern is supported")
      })
    override def args(e: Like, ctx: ExprContext): Either[String, Seq[Expression]] =
      Right(Seq(e.left, e.right, Literal(String.valueOf(e.escapeChar))))
  }
}
