package dev.ember.spark.sidecar

import java.io.{ByteArrayOutputStream, DataOutputStream}
import java.nio.charset.StandardCharsets
import java.time.{Instant, LocalDateTime, ZoneId, ZoneOffset}
import java.time.zone.{ZoneOffsetTransitionRule, ZoneRules, ZoneRulesProvider}
import java.time.zone.ZoneOffsetTransitionRule.TimeDefinition

import scala.collection.JavaConverters._
import scala.collection.mutable

/**
 * The JVM's time-zone rules (java.time's ZoneRulesProvider, which Spark uses) as TZif
 * files (RFC 8536, version 2) that the sidecar loads with Go's time.LoadLocationFromTZData,
 * so the sidecar computes exactly the offsets this JVM computes instead of those of Go's
 * own tz database (they differ in about a hundred zones, mostly before 1970).
 *
 * Each file holds the zone's explicit transitions (ZoneRules.getTransitions, then the
 * transitions its rules give up to [[ExplicitUntilYear]]) with, as type of every
 * transition, the offset ZoneRules.getOffset gives at that instant; and a POSIX TZ footer
 * built from ZoneRules.getTransitionRules for the years after. A zone whose rules a footer
 * cannot express is left out (the sidecar then fails clearly for it).
 */
object ZoneRulesTZif {

  /** Explicit transitions are written through this year; the footer covers later years. */
  val ExplicitUntilYear: Int = 2037

  /** The rule set of this JVM: tzdb version, zone id -> TZif bytes, zones left out. */
  final case class RuleSet(
      version: String,
      zones: Map[String, Array[Byte]],
      skipped: Map[String, String],
      footerZones: Int,
      buildMillis: Long) {
    def payloadBytes: Long = zones.map { case (k, v) => k.length.toLong + v.length }.sum
  }

  /** Built once per JVM. */
  lazy val ruleSet: RuleSet = build()

  def tzdbVersion: String = ZoneRulesProvider.getVersions("UTC").lastKey()

  def build(): RuleSet = {
    val t0 = System.nanoTime()
    val zones = mutable.TreeMap.empty[String, Array[Byte]]
    val skipped = mutable.TreeMap.empty[String, String]
    var footerZones = 0
    for (id <- ZoneId.getAvailableZoneIds.asScala.toSeq.sorted) {
      val rules = ZoneRulesProvider.getRules(id, false)
      tzif(rules) match {
        case Right(bytes) =>
          zones(id) = bytes
          if (!rules.getTransitionRules.isEmpty) footerZones += 1
        case Left(reason) => skipped(id) = reason
      }
    }
    RuleSet(tzdbVersion, zones.toMap, skipped.toMap, footerZones,
      (System.nanoTime() - t0) / 1000000L)
  }

  /**
   * The instants at which the zone's offset may change, through [[ExplicitUntilYear]]:
   * the historic transitions, then the transitions of the rules after the last of them.
   */
  def transitionInstants(rules: ZoneRules, untilYear: Int): Seq[Long] = {
    val historic = rules.getTransitions.asScala.map(_.toEpochSecond)
    val out = mutable.ArrayBuffer[Long](historic.toSeq: _*)
    val trRules = rules.getTransitionRules.asScala
    if (trRules.nonEmpty) {
      val last = if (historic.isEmpty) Long.MinValue else historic.last
      val firstYear = if (historic.isEmpty) 1800 else
        LocalDateTime.ofEpochSecond(historic.last, 0, ZoneOffset.UTC).getYear - 1
      for (year <- firstYear to untilYear; r <- trRules) {
        val t = r.createTransition(year).toEpochSecond
        if (t > last) out += t
      }
    }
    out.sorted.distinct.toSeq
  }

  /** One zone's TZif bytes, or why its rules cannot be written exactly. */
  def tzif(rules: ZoneRules): Either[String, Array[Byte]] = {
    footer(rules).map { tz =>
      val instants = transitionInstants(rules, ExplicitUntilYear)
      def offsetAt(sec: Long): Int = rules.getOffset(Instant.ofEpochSecond(sec)).getTotalSeconds
      // Type 0 is the offset before the first transition (Go uses it for earlier instants
      // when no type is marked as daylight time).
      val first = if (instants.isEmpty) offsetAt(0L) else offsetAt(instants.head - 1)
      val types = mutable.LinkedHashMap[Int, Int](first -> 0)
      val txTypes = instants.map { t => types.getOrElseUpdate(offsetAt(t), types.size) }
      if (types.size > 255) return Left(s"${types.size} distinct offsets")
      val chars = new ByteArrayOutputStream()
      val abbrevIndex = types.keys.map { off =>
        val i = chars.size()
        chars.write(abbrev(off).getBytes(StandardCharsets.US_ASCII))
        chars.write(0)
        off -> i
      }.toMap

      val bos = new ByteArrayOutputStream()
      val out = new DataOutputStream(bos)
      def header(timecnt: Int, typecnt: Int, charcnt: Int): Unit = {
        out.write("TZif".getBytes(StandardCharsets.US_ASCII))
        out.write('2')
        out.write(new Array[Byte](15))
        out.writeInt(0) // isutcnt
        out.writeInt(0) // isstdcnt
        out.writeInt(0) // leapcnt
        out.writeInt(timecnt)
        out.writeInt(typecnt)
        out.writeInt(charcnt)
      }
      // Version 1 block: empty (one type, one empty designation); readers use version 2.
      header(0, 1, 1)
      out.writeInt(0); out.writeByte(0); out.writeByte(0)
      out.writeByte(0)
      // Version 2 block.
      header(instants.size, types.size, chars.size())
      instants.foreach(out.writeLong)
      txTypes.foreach(out.writeByte)
      types.keys.foreach { off =>
        out.writeInt(off); out.writeByte(0); out.writeByte(abbrevIndex(off))
      }
      out.write(chars.toByteArray)
      out.write('\n')
      out.write(tz.getBytes(StandardCharsets.US_ASCII))
      out.write('\n')
      out.flush()
      bos.toByteArray
    }
  }

  private def abbrev(off: Int): String = {
    val a = math.abs(off)
    val s = f"${if (off < 0) "-" else "+"}${a / 3600}%02d${a / 60 % 60}%02d"
    if (a % 60 != 0) f"$s${a % 60}%02d" else s
  }

  /** [+-]h[:mm[:ss]] for seconds (the sign only when negative). */
  private def hms(secs: Int): String = {
    val a = math.abs(secs)
    val sb = new StringBuilder
    if (secs < 0) sb.append('-')
    sb.append(a / 3600)
    if (a % 3600 != 0) sb.append(f":${a / 60 % 60}%02d")
    if (a % 60 != 0) sb.append(f":${a % 60}%02d")
    sb.toString
  }

  /** POSIX offset: the negated UTC offset. */
  private def posixOffset(off: Int): String = hms(-off)

  /**
   * The POSIX TZ string for the years after the explicit transitions: a fixed offset, or
   * two alternating transition rules.
   */
  def footer(rules: ZoneRules): Either[String, String] = {
    val trRules = rules.getTransitionRules.asScala.toSeq
    trRules match {
      case Seq() =>
        val off = rules.getOffset(Instant.ofEpochSecond(1L << 40)).getTotalSeconds
        Right(s"<${abbrev(off)}>${posixOffset(off)}")
      case Seq(a, b) =>
        if (a.getOffsetBefore != b.getOffsetAfter || a.getOffsetAfter != b.getOffsetBefore ||
          a.getOffsetBefore == a.getOffsetAfter) {
          Left("transition rules that do not alternate between two offsets")
        } else {
          val std = a.getOffsetBefore.getTotalSeconds
          val dst = a.getOffsetAfter.getTotalSeconds
          for (start <- posixRule(a); end <- posixRule(b)) yield
            s"<${abbrev(std)}>${posixOffset(std)}<${abbrev(dst)}>${posixOffset(dst)},$start,$end"
        }
      case _ => Left(s"${trRules.size} transition rules")
    }
  }

  /** Days before the first of each month in a common year. */
  private val monthStart = Array(0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
  private val monthLength = Array(31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

  /**
   * A transition rule as a POSIX date/time ("Mm.w.d/time" or "Jn/time"), the time being
   * the wall-clock time of the offset before the transition (as POSIX defines it).
   */
  private def posixRule(r: ZoneOffsetTransitionRule): Either[String, String] = {
    var time = r.getLocalTime.toSecondOfDay + (if (r.isMidnightEndOfDay) 86400 else 0)
    val before = r.getOffsetBefore.getTotalSeconds
    time += (r.getTimeDefinition match {
      case TimeDefinition.WALL => 0
      case TimeDefinition.UTC => before
      case TimeDefinition.STANDARD => before - r.getStandardOffset.getTotalSeconds
    })
    val month = r.getMonth.getValue
    val dom = r.getDayOfMonthIndicator
    val date: Either[String, String] = Option(r.getDayOfWeek) match {
      case None =>
        // A fixed day of the month: Jn counts days of a common year (never February 29).
        val day = if (dom > 0) dom else monthLength(month - 1) + dom + 1
        if (month == 2 && (dom == 29 || dom < 0)) Left(s"a rule on day $dom of February")
        else Right(s"J${monthStart(month - 1) + day}")
      case Some(dow) =>
        val d = dow.getValue % 7 // POSIX: 0 is Sunday
        if (dom > 0 && month != 2 && dom == monthLength(month - 1) - 6) {
          Right(s"M$month.5.$d") // the last dow of the month
        } else if (dom > 0) {
          // "dow on or after dom": week w starts on day 7(w-1)+1; other days shift the
          // weekday back and the time forward by whole days, as zic does.
          if (dom > 22 + 6) Left(s"a rule on the first weekday on or after day $dom")
          else {
            val w = (dom - 1) / 7 + 1
            val k = (dom - 1) % 7
            time += 86400 * k
            Right(s"M$month.$w.${Math.floorMod(d - k, 7)}")
          }
        } else {
          // "dow on or before the last day + dom + 1": the last (dow + j) minus j days.
          val j = -dom - 1
          time -= 86400 * j
          Right(s"M$month.5.${(d + j) % 7}")
        }
    }
    date.flatMap { dt =>
      if (math.abs(time) >= 167 * 3600) Left(s"a transition time of $time s")
      else Right(s"$dt/${hms(time)}")
    }
  }

  /**
   * The expected offsets of a zone at every transition instant through `untilYear` and one
   * second before, for the sidecar's self-check: (instant, offset seconds) pairs.
   */
  def checkPoints(rules: ZoneRules, untilYear: Int): Seq[(Long, Int)] = {
    transitionInstants(rules, untilYear).flatMap { t =>
      Seq(t - 1, t, t + 1).map(s => s -> rules.getOffset(Instant.ofEpochSecond(s)).getTotalSeconds)
    }
  }
}
