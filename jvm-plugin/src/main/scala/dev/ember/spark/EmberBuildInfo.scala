package dev.ember.spark

import java.util.Properties

import scala.util.Try

/** The plugin's build identity, sent to the sidecar in the handshake and logged. */
object EmberBuildInfo {

  /** The Ember sidecar protocol version this plugin speaks. */
  val ProtocolVersion: Int = 1

  private lazy val props: Properties = {
    val p = new Properties()
    Try {
      val in = getClass.getResourceAsStream("/dev/ember/spark/ember-build.properties")
      if (in != null) try p.load(in) finally in.close()
    }
    p
  }

  /** The plugin version, e.g. `0.1.0-SNAPSHOT`. */
  lazy val version: String = props.getProperty("version", "unknown")

  /** The Spark version the plugin was built against. */
  lazy val sparkVersion: String = props.getProperty("spark.version", "unknown")

  /** What the handshake reports as `client_build`. */
  lazy val clientBuild: String = s"ember-spark $version (spark $sparkVersion)"
}
