package dev.ember.spark.sidecar

/** The sidecar could not be started or reached. */
class SidecarUnavailableException(message: String, cause: Throwable = null)
  extends RuntimeException(message, cause)

/**
 * The sidecar can never work in this JVM as configured (no binary for this platform,
 * incompatible protocol version): Ember stops retrying.
 */
class SidecarFatalException(message: String, cause: Throwable = null)
  extends SidecarUnavailableException(message, cause)
