package dev.ember.spark.sidecar

import java.io.InputStream
import java.nio.file.{Files, Path, Paths, StandardCopyOption}
import java.nio.file.attribute.PosixFilePermissions
import java.util.Locale

/** Finds the ember-sidecar binary: the configured path, or the one bundled in the jar. */
object SidecarBinary {

  /** Where the jar keeps the binary for a platform, e.g. `ember/native/linux-amd64/ember-sidecar`. */
  def resourcePath(platform: String): String = s"ember/native/$platform/ember-sidecar"

  /** The platform directory name for this JVM (`linux-amd64`, `linux-arm64`), or why there is none. */
  def platform(
      osName: String = System.getProperty("os.name", ""),
      osArch: String = System.getProperty("os.arch", "")): Either[String, String] = {
    val os = osName.toLowerCase(Locale.ROOT)
    val arch = osArch.toLowerCase(Locale.ROOT) match {
      case "amd64" | "x86_64" => Some("amd64")
      case "aarch64" | "arm64" => Some("arm64")
      case _ => None
    }
    if (!os.startsWith("linux")) Left(s"Ember's sidecar runs on Linux only (os.name=$osName)")
    else arch.map(a => s"linux-$a").toRight(s"no ember-sidecar build for os.arch=$osArch")
  }

  /**
   * The binary to run: `configured` when set (it must be an executable file), otherwise
   * the binary for this platform extracted from the jar into `dir` and made executable.
   */
  def resolve(configured: Option[String], dir: Path): Path = configured match {
    case Some(p) =>
      val path = Paths.get(p).toAbsolutePath
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        throw new SidecarFatalException(s"spark.ember.sidecar.path=$p is not an executable file")
      }
      path
    case None =>
      val plat = platform().fold(r => throw new SidecarFatalException(r), identity)
      val resource = resourcePath(plat)
      val in = openResource(resource).getOrElse {
        throw new SidecarFatalException(
          s"The Ember jar has no sidecar binary for $plat (resource $resource); it was probably " +
            "built with -Dember.skipNative=true. Rebuild it with the binaries, or set " +
            "spark.ember.sidecar.path to an ember-sidecar binary.")
      }
      val target = dir.resolve("ember-sidecar")
      try Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING) finally in.close()
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"))
      target
  }

  /** Whether the jar (class path) holds a binary for this platform. */
  def bundled: Boolean = platform().toOption.exists { p =>
    openResource(resourcePath(p)).exists { in => in.close(); true }
  }

  private def openResource(name: String): Option[InputStream] = {
    val loaders = Seq(getClass.getClassLoader, Thread.currentThread().getContextClassLoader).filter(_ != null)
    loaders.iterator.map(_.getResourceAsStream(name)).find(_ != null)
  }
}
