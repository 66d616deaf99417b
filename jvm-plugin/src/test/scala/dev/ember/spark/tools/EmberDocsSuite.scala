package dev.ember.spark.tools

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Paths}

import org.scalatest.funsuite.AnyFunSuite

/**
 * docs/compatibility.md and docs/configuration.md must be what [[EmberDocs]] generates.
 * With -Dember.docs.write=true (`make docs`) the suite rewrites them instead.
 */
class EmberDocsSuite extends AnyFunSuite {
  private val docs = Paths.get("..", "docs")

  for ((name, text) <- Seq("compatibility.md" -> (() => EmberDocs.compatibility),
                           "configuration.md" -> (() => EmberDocs.configuration))) {
    test(s"docs/$name is generated from the registries") {
      val path = docs.resolve(name)
      if (sys.props.get("ember.docs.write").contains("true")) {
        Files.createDirectories(docs)
        Files.write(path, text().getBytes(StandardCharsets.UTF_8))
      }
      assert(Files.exists(path), s"$path is missing: run `make docs`")
      val onDisk = new String(Files.readAllBytes(path), StandardCharsets.UTF_8)
      assert(onDisk == text(), s"$path is stale: run `make docs` and commit the result")
    }
  }

  test("every supported expression and operator and every key is documented") {
    val compat = EmberDocs.compatibility
    dev.ember.spark.serde.ExprSerdes.all.foreach(s => assert(compat.contains(s"`${s.name}`"), s.name))
    dev.ember.spark.serde.OperatorSerdes.all.foreach(s => assert(compat.contains(s.name), s.name))
    dev.ember.spark.EmberConf.allEntries.foreach(e => assert(EmberDocs.configuration.contains(e.key), e.key))
  }
}
