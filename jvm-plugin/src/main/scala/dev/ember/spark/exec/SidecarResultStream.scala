package dev.ember.spark.exec

import java.io.InputStream
import java.nio.ByteBuffer
import java.nio.channels.{ClosedChannelException, ReadableByteChannel}
import java.util.concurrent.{LinkedBlockingQueue, TimeUnit}

import scala.collection.JavaConverters._
import scala.util.control.NonFatal

import com.google.protobuf.ByteString
import dev.ember.proto.plan.v1.TaskPlan
import dev.ember.proto.sidecar.v1.{CancelRequest, CancelResponse, ExecuteRequest, ExecuteResponse, InputPiece, SparkError, TaskResult}
import dev.ember.spark.sidecar.{SidecarHandle, SidecarSupervisor, SidecarUnavailableException}
import io.grpc.Status
import io.grpc.protobuf.StatusProto
import io.grpc.stub.{ClientCallStreamObserver, ClientResponseObserver, StreamObserver}
import org.slf4j.LoggerFactory

import org.apache.spark.{SparkException, TaskContext}
import org.apache.spark.ember.EmberSparkInternals

/**
 * One task's `Execute` call, read as the bytes of the one Arrow IPC stream the sidecar
 * sends in `arrow_ipc` pieces.
 *
 * The gRPC thread puts each response into a queue; the task thread reads the pieces from
 * it, as an `InputStream` or a `ReadableByteChannel` (what `ArrowStreamReader` reads).
 * Flow control keeps at most [[SidecarResultStream.Prefetch]] responses queued.
 *
 * A call that fails with UNAVAILABLE, or because its sidecar process died, before any data arrived (the sidecar died, or the
 * channel pointed at a process that was restarted) waits for the restarted sidecar and is
 * retried once, transparently. Other failures become a `SparkException` starting with
 * "Ember sidecar error:". The task thread checks for task kills while it waits.
 *
 * @param context the task (may be null outside a task, e.g. in tests).
 * @param input   Arrow IPC pieces for the plan's ArrowInput leaf, sent after the plan; small
 *                inputs only (they are buffered by gRPC, not flow-controlled).
 * @param feeders the rows of the plan's ArrowInput leaves, feeder k for the leaf of index k,
 *                streamed from the task thread. One input is pushed: the task thread sends a
 *                piece whenever it waits for output and gRPC is ready for more, so the
 *                sidecar paces the reading. Several inputs are pulled: the task thread sends
 *                input k's next piece when the sidecar asks for it (`input_wanted`), so no
 *                input is pushed while the sidecar reads another one to its end (gRPC flow
 *                control would stall the whole call). A call that has sent input is never
 *                retried.
 * @param initialHandle the sidecar to call first instead of the supervisor's current one
 *                (tests use it to call a sidecar that has died).
 */
final class SidecarResultStream(
    supervisor: SidecarSupervisor,
    plan: TaskPlan,
    context: TaskContext,
    timeoutMs: Long,
    input: Seq[ByteString] = Nil,
    feeders: Seq[InputFeeder] = Nil,
    initialHandle: Option[SidecarHandle] = None)
  extends InputStream with ReadableByteChannel {

  import SidecarResultStream._

  private var attempt: Attempt =
    try new Attempt(initialHandle.getOrElse(supervisor.awaitReady(timeoutMs)))
    catch { case e: SidecarUnavailableException => throw unavailableError(e) }
  private var piece: ByteBuffer = _
  private var receivedData = false
  private var retried = false
  private var finished = false
  private var closed = false
  private var taskResult: Option[TaskResult] = None
  private var failure: Option[Exception] = None
  private var inputSent = false

  attempt.start()

  /** The sidecar's final result, once the stream has ended. */
  def result: Option[TaskResult] = taskResult

  /** The sidecar error that ended the stream, if any. */
  def error: Option[Exception] = failure

  /** The sidecar this call runs on now. */
  def handle: SidecarHandle = attempt.handle

  /** Blocks until the first Arrow bytes arrive; false when the call ended without any. */
  def hasData: Boolean = fill()

  /** Reads the rest of the call (after the Arrow end-of-stream) to get its result or error. */
  def drainToEnd(): Unit = {
    while (!finished) {
      piece = null
      fill()
    }
  }

  override def read(): Int =
    if (!fill()) -1 else piece.get() & 0xff

  override def read(b: Array[Byte], off: Int, len: Int): Int =
    if (len == 0) 0
    else if (!fill()) -1
    else {
      val n = math.min(len, piece.remaining())
      piece.get(b, off, n)
      n
    }

  override def read(dst: ByteBuffer): Int = {
    if (closed) throw new ClosedChannelException
    if (!dst.hasRemaining) 0
    else if (!fill()) -1
    else {
      val n = math.min(dst.remaining(), piece.remaining())
      val slice = piece.slice()
      slice.limit(n)
      dst.put(slice)
      piece.position(piece.position() + n)
      n
    }
  }

  override def available(): Int = if (piece == null) 0 else piece.remaining()

  override def isOpen: Boolean = !closed

  /** Ends the call; if it has not finished, cancels it and asks the sidecar to cancel the task. */
  override def close(): Unit = if (!closed) {
    closed = true
    if (!finished) attempt.cancel("task ended before the sidecar finished")
    piece = null
  }

  /** Makes `piece` hold unread bytes; false at the end of the call. */
  private def fill(): Boolean = {
    while ((piece == null || !piece.hasRemaining) && !finished) {
      nextEvent() match {
        case Data(bytes) =>
          attempt.requestMore()
          if (!bytes.isEmpty) {
            receivedData = true
            piece = bytes.asReadOnlyByteBuffer()
          }
        case Result(r) =>
          attempt.requestMore()
          taskResult = Some(r)
        case Completed =>
          finished = true
        case Ready =>
        case Wanted(k) =>
          attempt.requestMore()
          attempt.feedInput(k)
        case Failed(t) =>
          onFailure(t)
      }
    }
    piece != null && piece.hasRemaining
  }

  private def nextEvent(): Event = {
    var event: Event = null
    while (event == null) {
      if (closed) throw new ClosedChannelException
      event = attempt.events.poll()
      if (event == null) {
        if (attempt.canFeed) attempt.feedOne()
        else event = attempt.events.poll(PollMs, TimeUnit.MILLISECONDS)
      }
      if (event == null && context != null && context.isInterrupted()) {
        attempt.cancel("task killed")
        EmberSparkInternals.killTaskIfInterrupted(context)
      }
    }
    event
  }

  private def onFailure(t: Throwable): Unit = {
    val status = Status.fromThrowable(t)
    if (!receivedData && !retried && !inputSent && (status.getCode == Status.Code.UNAVAILABLE || sidecarDied(attempt.handle))) {
      retried = true
      val lost = attempt.handle
      log.warn(s"Task ${plan.getTaskId}: $lost is unavailable (${status.getDescription}); " +
        "retrying once on the restarted sidecar")
      val next = try supervisor.recover(lost, timeoutMs) catch {
        case e: SidecarUnavailableException => fail(status, t, Some(e.getMessage))
      }
      attempt = new Attempt(next)
      attempt.start()
    } else {
      fail(status, t, None)
    }
  }

  /**
   * Whether the sidecar of a failed call has died: a process killed mid-call can surface as
   * UNKNOWN ("channel closed") rather than UNAVAILABLE. Waits briefly for the exit to be seen.
   */
  private def sidecarDied(handle: SidecarHandle): Boolean =
    !handle.process.isAlive || handle.process.waitFor(DeathCheckMs, TimeUnit.MILLISECONDS)

  private def fail(status: Status, cause: Throwable, extra: Option[String]): Nothing = {
    finished = true
    val e = sidecarError(status, cause, extra)
    failure = Some(e)
    throw e
  }

  /** One `Execute` call on one sidecar. */
  private final class Attempt(val handle: SidecarHandle)
    extends ClientResponseObserver[ExecuteRequest, ExecuteResponse] {

    val events = new LinkedBlockingQueue[Event]()
    @volatile private var requests: ClientCallStreamObserver[ExecuteRequest] = _
    @volatile private var done = false

    def start(): Unit = {
      val requestObserver = handle.connection.asyncStub.execute(this)
      requestObserver.onNext(ExecuteRequest.newBuilder().setPlan(plan).build())
      // Input for an ArrowInput leaf, if any (none for scan-rooted regions). It is kept so a
      // retried call can send it again.
      input.foreach(piece => requestObserver.onNext(ExecuteRequest.newBuilder().setArrowIpc(piece).build()))
      // Half-close: the input has ended (a feeder's input ends when it has none left).
      if (feeders.isEmpty) requestObserver.onCompleted()
    }

    /** Push mode: whether the feeder has a piece to send and gRPC would take it without buffering. */
    def canFeed: Boolean = !done && !halfClosed && pushed && requests != null && requests.isReady

    private var halfClosed = false
    // A broadcast input is pulled even alone: a sidecar that keeps its build side never asks.
    private val pushed = feeders.size == 1 && !TaskPlans.hasBroadcastInput(plan.getRoot)
    private val inputsLeft = new java.util.BitSet(feeders.size)
    inputsLeft.set(0, feeders.size)

    /**
     * Pull mode: sends input k's next piece, which the sidecar asked for; half-closes once
     * every input has sent its last piece. A request the plan cannot have made is an error.
     */
    def feedInput(k: Int): Unit = if (!done) {
      if (pushed || k < 0 || k >= feeders.size || !inputsLeft.get(k)) {
        cancel(s"the sidecar asked for input $k")
        fail(Status.INTERNAL, null, Some(s"the sidecar asked for input $k of ${feeders.size} " +
          s"(${if (pushed) "pushed" else if (k >= 0 && k < feeders.size) "after its last piece" else "no such input"})"))
      }
      val f = feeders(k)
      val piece = f.next()
      val last = !f.hasNext
      inputSent = true
      requests.onNext(ExecuteRequest.newBuilder()
        .setInput(InputPiece.newBuilder().setIndex(k).setArrowIpc(piece).setLast(last)).build())
      if (last) {
        inputsLeft.clear(k)
        if (inputsLeft.isEmpty) {
          halfClosed = true
          requests.onCompleted()
        }
      }
    }

    /** Push mode: sends the feeder's next piece, or half-closes when it has none left. */
    def feedOne(): Unit = {
      val f = feeders.head
      if (f.hasNext) {
        val piece = f.next()
        inputSent = true
        requests.onNext(ExecuteRequest.newBuilder().setArrowIpc(piece).build())
      } else {
        halfClosed = true
        requests.onCompleted()
      }
    }

    def requestMore(): Unit = if (requests != null && !done) requests.request(1)

    def cancel(reason: String): Unit = if (!done) {
      done = true
      sendCancel()
      if (requests != null) requests.cancel(reason, null)
    }

    /** Best effort: tell the sidecar to stop the task, in case the stream cancel is not enough. */
    private def sendCancel(): Unit =
      try {
        handle.connection.asyncStub
          .withDeadlineAfter(CancelTimeoutMs, TimeUnit.MILLISECONDS)
          .cancel(CancelRequest.newBuilder().setTaskId(plan.getTaskId).build(), IgnoreCancelResponse)
      } catch {
        case NonFatal(_) =>
      }

    override def beforeStart(stream: ClientCallStreamObserver[ExecuteRequest]): Unit = {
      requests = stream
      stream.disableAutoRequestWithInitial(Prefetch)
      // Wakes the task thread when gRPC can take more input.
      if (pushed) stream.setOnReadyHandler(() => events.put(Ready))
    }

    override def onNext(response: ExecuteResponse): Unit = response.getKindCase match {
      case ExecuteResponse.KindCase.ARROW_IPC => events.put(Data(response.getArrowIpc))
      case ExecuteResponse.KindCase.RESULT => events.put(Result(response.getResult))
      case ExecuteResponse.KindCase.INPUT_WANTED => events.put(Wanted(response.getInputWanted))
      case _ => events.put(Data(ByteString.EMPTY))
    }

    override def onError(t: Throwable): Unit = {
      done = true
      events.put(Failed(t))
    }

    override def onCompleted(): Unit = {
      done = true
      events.put(Completed)
    }
  }
}

object SidecarResultStream {
  private val log = LoggerFactory.getLogger(classOf[SidecarResultStream])

  /** How long a failed call waits to see whether its sidecar process exited. */
  private val DeathCheckMs = 500L

  /** Responses requested ahead of the reader. */
  val Prefetch = 4
  val PollMs = 100L
  val CancelTimeoutMs = 5000L

  private sealed trait Event
  private final case class Data(bytes: ByteString) extends Event
  private final case class Result(result: TaskResult) extends Event
  private case object Completed extends Event
  /** gRPC is ready to take more input. */
  private case object Ready extends Event
  /** The sidecar asks for the next piece of input k (several inputs). */
  private final case class Wanted(input: Int) extends Event
  private final case class Failed(error: Throwable) extends Event

  private object IgnoreCancelResponse extends StreamObserver[CancelResponse] {
    override def onNext(value: CancelResponse): Unit = ()
    override def onError(t: Throwable): Unit = ()
    override def onCompleted(): Unit = ()
  }

  /**
   * Spark's own exception when the sidecar failed the way Spark fails (a `SparkError` detail
   * on the status: an ANSI overflow, a malformed cast input, an ancient datetime), else
   * `Ember sidecar error: <CODE>: <description>`.
   */
  def sidecarError(status: Status, cause: Throwable, extra: Option[String] = None): Exception =
    sparkErrorDetail(cause).map { e =>
      EmberSparkInternals.sparkError(e.getErrorClass, e.getMessageParametersMap.asScala.toMap, e.getMessage)
    }.getOrElse(plainError(status, cause, extra))

  /** The `SparkError` detail of a failed call's status, if it has one. */
  private def sparkErrorDetail(cause: Throwable): Option[SparkError] =
    Option(cause).flatMap(c => Option(StatusProto.fromThrowable(c))).flatMap { st =>
      st.getDetailsList.asScala.find(_.is(classOf[SparkError])).map(_.unpack(classOf[SparkError]))
    }

  private def plainError(status: Status, cause: Throwable, extra: Option[String]): SparkException = {
    val description = Option(status.getDescription).filter(_.nonEmpty)
      .orElse(Option(status.getCause).map(_.toString)).getOrElse("")
    val suffix = extra.map(e => s" ($e)").getOrElse("")
    new SparkException(s"Ember sidecar error: ${status.getCode}: $description$suffix", cause)
  }

  /** A sidecar that could not be reached at all, in the same message format. */
  def unavailableError(e: SidecarUnavailableException): SparkException =
    new SparkException(s"Ember sidecar error: ${Status.Code.UNAVAILABLE}: ${e.getMessage}", e)
}
