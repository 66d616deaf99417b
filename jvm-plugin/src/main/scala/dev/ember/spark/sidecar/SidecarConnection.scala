package dev.ember.spark.sidecar

import java.nio.file.Path
import java.util.concurrent.TimeUnit

import scala.collection.JavaConverters._

import dev.ember.proto.sidecar.v1.{HandshakeRequest, HandshakeResponse, SidecarServiceGrpc}
import dev.ember.spark.EmberBuildInfo
import io.grpc.ManagedChannel
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
import io.grpc.netty.shaded.io.netty.channel.ChannelOption
import io.grpc.netty.shaded.io.netty.channel.epoll.{Epoll, EpollDomainSocketChannel, EpollEventLoopGroup}
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory

/**
 * A gRPC channel to one sidecar process over its Unix domain socket, with the token added
 * to every call.
 */
final class SidecarConnection(val socketPath: Path, token: String) extends AutoCloseable {

  val channel: ManagedChannel = NettyChannelBuilder
    .forAddress(new DomainSocketAddress(socketPath.toString))
    .channelType(classOf[EpollDomainSocketChannel])
    .eventLoopGroup(SidecarConnection.eventLoopGroup)
    .usePlaintext()
    // The authority of a Unix socket target is not a host name; the sidecar ignores it.
    .overrideAuthority("localhost")
    .maxInboundMessageSize(SidecarConnection.MaxMessageBytes)
    .initialFlowControlWindow(SidecarConnection.FlowControlWindowBytes)
    // gRPC always sets SO_KEEPALIVE, which a Unix socket does not have (Netty warns on every
    // connect); a null value removes the option.
    .withOption[java.lang.Boolean](ChannelOption.SO_KEEPALIVE, null)
    .intercept(new TokenInterceptor(token))
    .build()

  /** Stub for streaming calls (Execute) and fire-and-forget calls (Cancel). */
  def asyncStub: SidecarServiceGrpc.SidecarServiceStub = SidecarServiceGrpc.newStub(channel)

  /** Stub for unary calls. */
  def blockingStub: SidecarServiceGrpc.SidecarServiceBlockingStub = SidecarServiceGrpc.newBlockingStub(channel)

  /**
   * Performs the handshake and checks the protocol version.
   *
   * @throws SidecarFatalException when the sidecar speaks another protocol version.
   * @throws io.grpc.StatusRuntimeException when the call fails.
   */
  def handshake(timeoutMs: Long): HandshakeResponse = {
    // The rule set is built (once per JVM) before the deadline starts.
    val rules = ZoneRulesTZif.ruleSet
    val request = HandshakeRequest.newBuilder()
      .setProtocolVersion(EmberBuildInfo.ProtocolVersion)
      .setClientBuild(EmberBuildInfo.clientBuild)
      .setTzdbVersion(rules.version)
      .putAllTzRules(rules.zones.map { case (k, v) =>
        k -> com.google.protobuf.ByteString.copyFrom(v)
      }.asJava)
      .build()
    val response = blockingStub
      .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
      .handshake(request)
    if (response.getProtocolVersion != EmberBuildInfo.ProtocolVersion) {
      throw new SidecarFatalException(
        s"Ember sidecar protocol mismatch: the plugin (${EmberBuildInfo.clientBuild}) speaks " +
          s"protocol version ${EmberBuildInfo.ProtocolVersion}, but the sidecar " +
          s"(${response.getServerBuild}) speaks version ${response.getProtocolVersion}. " +
          "Use the ember-sidecar built with this plugin jar.")
    }
    response
  }

  override def close(): Unit = {
    channel.shutdownNow()
    channel.awaitTermination(2, TimeUnit.SECONDS)
  }
}

object SidecarConnection {

  /** Largest response message accepted (one Arrow IPC piece). */
  val MaxMessageBytes: Int = 256 * 1024 * 1024

  /** Initial HTTP/2 window: Arrow batches are large, the socket is local. */
  val FlowControlWindowBytes: Int = 8 * 1024 * 1024

  /** One small epoll event loop shared by every connection in this JVM. */
  lazy val eventLoopGroup: EpollEventLoopGroup = {
    if (!Epoll.isAvailable) {
      throw new SidecarFatalException(
        "Ember needs Netty's epoll transport for the sidecar's Unix socket, but it is not " +
          "available on this machine", Epoll.unavailabilityCause())
    }
    new EpollEventLoopGroup(2, new DefaultThreadFactory("ember-grpc", true))
  }
}
