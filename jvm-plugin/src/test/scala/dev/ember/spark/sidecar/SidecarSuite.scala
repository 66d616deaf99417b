package dev.ember.spark.sidecar

import java.io.ByteArrayOutputStream
import java.nio.file.{Files, Path}
import java.nio.file.attribute.PosixFilePermissions
import java.util.concurrent.atomic.AtomicInteger

import scala.collection.JavaConverters._
import scala.collection.mutable

import com.google.protobuf.ByteString
import dev.ember.proto.plan.v1.{ArrowInput, DataType => PDataType, Field => PField, Operator, Schema => PSchema, TaskPlan, TypeId}
import dev.ember.proto.sidecar.v1.{HandshakeRequest, HandshakeResponse, SidecarServiceGrpc, TaskResult}
import dev.ember.spark.TestSidecar
import dev.ember.spark.exec.{EmberArrow, NativeBatchIterator, SidecarResultStream}
import io.grpc.{Metadata, ServerCall, ServerCallHandler, ServerInterceptor, Status, StatusRuntimeException}
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder
import io.grpc.netty.shaded.io.netty.channel.epoll.{EpollEventLoopGroup, EpollServerDomainSocketChannel}
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress
import io.grpc.stub.StreamObserver
import org.apache.arrow.vector.{IntVector, VarCharVector, VectorSchemaRoot}
import org.apache.arrow.vector.ipc.ArrowStreamWriter
import org.apache.arrow.vector.types.pojo.{ArrowType, Field, FieldType, Schema}
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

import org.apache.spark.SparkException

/**
 * The sidecar client against the real ember-sidecar binary: launch, handshake, token,
 * streaming Arrow through Execute (with an ArrowInput plan, which echoes its input),
 * errors, and recovery after `kill -9`. No Spark session needed.
 */
class SidecarSuite extends AnyFunSuite with BeforeAndAfterAll {

  private val absent = TestSidecar.absentReason
  private var root: Path = _
  private var supervisor: SidecarSupervisor = _
  private val taskCounter = new AtomicInteger()

  override protected def beforeAll(): Unit = {
    super.beforeAll()
    root = Files.createTempDirectory("ember-sidecar-suite-")
    absent match {
      case Some(reason) => println(s"SidecarSuite: skipping the tests that need a sidecar: $reason")
      case None => supervisor = newSupervisor().start()
    }
  }

  override protected def afterAll(): Unit = {
    try if (supervisor != null) supervisor.stop()
    finally super.afterAll()
  }

  private def newSupervisor(): SidecarSupervisor =
    new SidecarSupervisor(SidecarSettings(TestSidecar.configuredPath.map(_.toString), 30000, root))

  private def requireSidecar(): Unit = absent.foreach { reason =>
    println(s"SidecarSuite: skipped '${reason}'")
    cancel(reason)
  }

  private def permissions(p: Path): String = PosixFilePermissions.toString(Files.getPosixFilePermissions(p))

  test("the platform name follows os.arch") {
    assert(SidecarBinary.platform("Linux", "amd64") === Right("linux-amd64"))
    assert(SidecarBinary.platform("Linux", "x86_64") === Right("linux-amd64"))
    assert(SidecarBinary.platform("Linux", "aarch64") === Right("linux-arm64"))
    assert(SidecarBinary.platform("Mac OS X", "aarch64").isLeft)
    assert(SidecarBinary.platform("Linux", "s390x").isLeft)
    assert(SidecarBinary.resourcePath("linux-arm64") === "ember/native/linux-arm64/ember-sidecar")
  }

  test("tokens are 32 random bytes in hex") {
    val a = SidecarSupervisor.newToken()
    assert(a.matches("[0-9a-f]{64}"))
    assert(a !== SidecarSupervisor.newToken())
  }

  test("a missing binary is a clear, fatal error") {
    val s = new SidecarSupervisor(SidecarSettings(Some(root.resolve("no-such-binary").toString), 5000, root)).start()
    try {
      val e = intercept[SidecarFatalException](s.awaitReady(5000))
      assert(e.getMessage.contains("spark.ember.sidecar.path"), e.getMessage)
    } finally s.stop()
  }

  test("a handshake with another protocol version is rejected with a clear message; calls carry the token") {
    // An in-process stand-in for a sidecar from another release, on a Unix socket.
    val socket = root.resolve("other-version.sock")
    val seenTokens = new java.util.concurrent.ConcurrentLinkedQueue[String]()
    val group = new EpollEventLoopGroup(1)
    val server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString))
      .channelType(classOf[EpollServerDomainSocketChannel])
      .bossEventLoopGroup(group)
      .workerEventLoopGroup(group)
      .addService(new SidecarServiceGrpc.SidecarServiceImplBase {
        override def handshake(req: HandshakeRequest, out: StreamObserver[HandshakeResponse]): Unit = {
          out.onNext(HandshakeResponse.newBuilder().setProtocolVersion(req.getProtocolVersion + 1)
            .setServerBuild("ember-sidecar from the future").build())
          out.onCompleted()
        }
      })
      .intercept(new ServerInterceptor {
        override def interceptCall[Q, R](call: ServerCall[Q, R], headers: Metadata,
            next: ServerCallHandler[Q, R]): ServerCall.Listener[Q] = {
          seenTokens.add(headers.get(TokenInterceptor.TokenKey))
          next.startCall(call, headers)
        }
      })
      .build()
      .start()
    val connection = new SidecarConnection(socket, "ab" * 32)
    try {
      val e = intercept[SidecarFatalException](connection.handshake(5000))
      assert(e.getMessage.contains("protocol mismatch"), e.getMessage)
      assert(e.getMessage.contains("version 1") && e.getMessage.contains("version 2"), e.getMessage)
      assert(e.getMessage.contains("ember-sidecar from the future"), e.getMessage)
      assert(seenTokens.asScala.toSeq === Seq("ab" * 32))
    } finally {
      connection.close()
      server.shutdownNow().awaitTermination()
      group.shutdownGracefully().sync()
    }
  }

  test("the sidecar starts, answers the handshake and lives in private files") {
    requireSidecar()
    val h = supervisor.awaitReady()
    assert(h.handshake.getProtocolVersion === 1)
    assert(h.process.isAlive)
    assert(Files.exists(h.socketPath))
    assert(permissions(h.socketPath.getParent) === "rwx------")
    assert(permissions(h.socketPath) === "rw-------")
    println(s"SidecarSuite: ${h.handshake.getServerBuild}, capabilities ${h.handshake.getCapabilitiesList}")
  }

  test("the sidecar runs every function the JVM serdes can emit") {
    requireSidecar()
    val caps = supervisor.awaitReady().handshake.getCapabilitiesList.asScala.toSet
    val missing = dev.ember.spark.serde.ExprSerdes.functionNames.filterNot(n => caps.contains(s"function:$n"))
    assert(missing.isEmpty,
      s"the JVM serdes emit functions the sidecar does not list as function:<name>: ${missing.toSeq.sorted.mkString(", ")} " +
        s"(capabilities: ${caps.toSeq.sorted.mkString(", ")})")
  }

  test("every function the sidecar lists has a JVM serde") {
    requireSidecar()
    val caps = supervisor.awaitReady().handshake.getCapabilitiesList.asScala.toSet
    val listed = caps.filter(_.startsWith("function:")).map(_.stripPrefix("function:"))
    val orphans = listed -- dev.ember.spark.serde.ExprSerdes.functionNames
    assert(orphans.isEmpty,
      s"the sidecar lists functions no JVM serde emits: ${orphans.toSeq.sorted.mkString(", ")} " +
        s"(JVM serdes: ${dev.ember.spark.serde.ExprSerdes.functionNames.toSeq.sorted.mkString(", ")})")
  }

  test("every call needs the token") {
    requireSidecar()
    val h = supervisor.awaitReady()
    val wrong = new SidecarConnection(h.socketPath, "0" * 64)
    try {
      val e = intercept[StatusRuntimeException](wrong.handshake(5000))
      assert(e.getStatus.getCode === Status.Code.UNAUTHENTICATED)
    } finally wrong.close()
  }

  test("Execute streams Arrow batches back as ColumnarBatches") {
    requireSidecar()
    val rows = (0 until 20000).map(i => (if (i % 7 == 0) null else Integer.valueOf(i), if (i % 5 == 0) null else s"row-$i"))
    val (out, result) = echo(rows.grouped(3000).toSeq)
    assert(out === rows)
    assert(result.isDefined, "the sidecar sends a TaskResult")
    assert(result.get.getMetricsList.asScala.map(_.getOutputRows).sum === rows.size)
  }

  test("an empty input gives no batches") {
    requireSidecar()
    val (out, _) = echo(Seq.empty)
    assert(out.isEmpty)
  }

  test("sidecar errors become SparkExceptions with the status") {
    requireSidecar()
    val badPlan = TaskPlan.newBuilder().setTaskId(nextTaskId()).setRoot(Operator.newBuilder().setPlanId(1)).build()
    val e = intercept[SparkException](readAll(new SidecarResultStream(supervisor, badPlan, null, 30000)))
    assert(e.getMessage.startsWith("Ember sidecar error: INVALID_ARGUMENT: "), e.getMessage)
  }

  test("kill -9: the sidecar is restarted and calls go to the new process") {
    requireSidecar()
    val before = supervisor.awaitReady()
    assert(ProcessHandle.of(before.pid).get.destroyForcibly(), "SIGKILL sent")
    // Right away: the call may first reach the dead process, then it retries on the new one.
    val rows = (0 until 100).map(i => (Integer.valueOf(i), s"r$i"))
    val (out, _) = echo(Seq(rows))
    assert(out === rows)
    val after = supervisor.awaitReady()
    assert(after.generation > before.generation)
    assert(after.pid !== before.pid)
    assert(!before.process.isAlive)
    assert(!Files.exists(before.socketPath), "the dead sidecar's socket is removed")
  }

  test("a call on a lost sidecar retries once on the restarted one") {
    requireSidecar()
    val lost = supervisor.awaitReady()
    ProcessHandle.of(lost.pid).get.destroyForcibly()
    lost.process.waitFor()
    // The call starts on the dead process (as a task holding the old handle would), fails
    // with UNAVAILABLE before any data, and is retried on the restarted sidecar.
    val rows = (0 until 10).map(i => (Integer.valueOf(i), s"r$i"))
    val (out, _) = echo(Seq(rows), initialHandle = Some(lost))
    assert(out === rows)
    assert(supervisor.awaitReady().generation > lost.generation)
  }

  test("stop() stops the process and removes its files") {
    requireSidecar()
    val own = newSupervisor().start()
    val h = own.awaitReady()
    own.stop()
    assert(!h.process.isAlive)
    assert(!Files.exists(h.socketPath.getParent))
    intercept[SidecarUnavailableException](own.awaitReady(100))
  }

  private def nextTaskId(): String = s"sidecar-suite-${taskCounter.incrementAndGet()}"

  /** Sends `batches` through an ArrowInput plan and reads them back. */
  private def echo(
      batches: Seq[Seq[(Integer, String)]],
      initialHandle: Option[SidecarHandle] = None): (Seq[(Integer, String)], Option[TaskResult]) = {
    val schema = PSchema.newBuilder()
      .addFields(PField.newBuilder().setName("x").setNullable(true)
        .setType(PDataType.newBuilder().setId(TypeId.TYPE_ID_INT)))
      .addFields(PField.newBuilder().setName("s").setNullable(true)
        .setType(PDataType.newBuilder().setId(TypeId.TYPE_ID_STRING)))
    val plan = TaskPlan.newBuilder()
      .setTaskId(nextTaskId())
      .setSessionTimeZone("UTC")
      .setRoot(Operator.newBuilder().setPlanId(7).setArrowInput(ArrowInput.newBuilder().setSchema(schema)))
      .build()
    // Odd-sized pieces: the sidecar must reassemble the stream.
    val pieces = ipcBytes(batches).grouped(1000).map(b => ByteString.copyFrom(b)).toSeq
    val stream = new SidecarResultStream(supervisor, plan, null, 30000, pieces, initialHandle = initialHandle)
    readAll(stream)
  }

  private def readAll(stream: SidecarResultStream): (Seq[(Integer, String)], Option[TaskResult]) = {
    val allocator = EmberArrow.newTaskAllocator("test")
    var result: Option[TaskResult] = None
    val out = mutable.ArrayBuffer.empty[(Integer, String)]
    val it = new NativeBatchIterator(stream, allocator, _ => (), r => result = Some(r))
    try {
      it.foreach { batch =>
        val (xs, ss) = (batch.column(0), batch.column(1))
        (0 until batch.numRows()).foreach { r =>
          out += ((if (xs.isNullAt(r)) null else Integer.valueOf(xs.getInt(r)),
            if (ss.isNullAt(r)) null else ss.getUTF8String(r).toString))
        }
      }
    } finally {
      it.close()
      allocator.close()
    }
    (out.toList, result)
  }

  private def ipcBytes(batches: Seq[Seq[(Integer, String)]]): Array[Byte] = {
    val allocator = EmberArrow.newTaskAllocator("test-writer")
    val schema = new Schema(Seq(
      new Field("x", FieldType.nullable(new ArrowType.Int(32, true)), null),
      new Field("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)).asJava)
    val root = VectorSchemaRoot.create(schema, allocator)
    val bytes = new ByteArrayOutputStream()
    try {
      val writer = new ArrowStreamWriter(root, null, bytes)
      writer.start()
      batches.foreach { batch =>
        val xs = root.getVector("x").asInstanceOf[IntVector]
        val ss = root.getVector("s").asInstanceOf[VarCharVector]
        xs.allocateNew(batch.size)
        ss.allocateNew(batch.size)
        batch.zipWithIndex.foreach { case ((x, s), i) =>
          if (x == null) xs.setNull(i) else xs.set(i, x.intValue())
          if (s == null) ss.setNull(i) else ss.setSafe(i, s.getBytes("UTF-8"))
        }
        root.setRowCount(batch.size)
        writer.writeBatch()
      }
      writer.end()
      writer.close()
    } finally {
      root.close()
      allocator.close()
    }
    bytes.toByteArray
  }
}
