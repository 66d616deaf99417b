package dev.ember.spark.sidecar

import java.io.{BufferedOutputStream, DataOutputStream}
import java.nio.file.{Files, Paths}
import java.time.zone.ZoneRulesProvider
import java.util.zip.GZIPOutputStream

import org.scalatest.funsuite.AnyFunSuite

/**
 * The JVM's zone rules as TZif files. The rule set and, per zone, the offsets java.time
 * gives around every transition through 2060 are written to ../build/tz/jdk-zones.bin.gz
 * (relative to jvm-plugin), which the Go test kernels/tz (TestJVMRuleSet) checks against
 * the offsets Go computes from the TZif bytes, footer included.
 */
class ZoneRulesTZifSuite extends AnyFunSuite {

  test("every zone of the JVM is written, and the rule set is written for the Go self-check") {
    val rs = ZoneRulesTZif.build()
    info(s"tzdb ${rs.version}: ${rs.zones.size} zones (${rs.footerZones} with DST rules in the " +
      s"footer), ${rs.skipped.size} left out ${rs.skipped}, ${rs.payloadBytes} bytes, " +
      s"built in ${rs.buildMillis} ms")
    assert(rs.skipped.isEmpty, rs.skipped)
    assert(rs.zones.contains("Europe/Lisbon") && rs.zones.contains("SystemV/EST5EDT"))

    val dir = Paths.get("..", "build", "tz")
    Files.createDirectories(dir)
    val out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(
      Files.newOutputStream(dir.resolve("jdk-zones.bin.gz")))))
    try {
      out.writeUTF(rs.version)
      out.writeInt(rs.zones.size)
      for ((id, bytes) <- rs.zones.toSeq.sortBy(_._1)) {
        out.writeUTF(id)
        out.writeInt(bytes.length)
        out.write(bytes)
        val checks = ZoneRulesTZif.checkPoints(ZoneRulesProvider.getRules(id, false), 2060)
        out.writeInt(checks.size)
        checks.foreach { case (sec, off) => out.writeLong(sec); out.writeInt(off) }
      }
    } finally out.close()
  }

  test("the footer of a zone with rules") {
    val f = ZoneRulesTZif.footer(ZoneRulesProvider.getRules("America/Los_Angeles", false))
    assert(f == Right("<-0800>8<-0700>7,M3.2.0/2,M11.1.0/2"))
    val l = ZoneRulesTZif.footer(ZoneRulesProvider.getRules("Europe/Lisbon", false))
    assert(l == Right("<+0000>0<+0100>-1,M3.5.0/1,M10.5.0/2"))
  }
}
