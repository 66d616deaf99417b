package dev.ember.spark.sidecar

import io.grpc.{CallOptions, Channel, ClientCall, ClientInterceptor, ForwardingClientCall, Metadata, MethodDescriptor}

/** Adds the per-launch token to every call, as the sidecar requires. */
final class TokenInterceptor(token: String) extends ClientInterceptor {

  override def interceptCall[ReqT, RespT](
      method: MethodDescriptor[ReqT, RespT],
      callOptions: CallOptions,
      next: Channel): ClientCall[ReqT, RespT] =
    new ForwardingClientCall.SimpleForwardingClientCall[ReqT, RespT](next.newCall(method, callOptions)) {
      override def start(listener: ClientCall.Listener[RespT], headers: Metadata): Unit = {
        headers.put(TokenInterceptor.TokenKey, token)
        super.start(listener, headers)
      }
    }
}

object TokenInterceptor {
  /** The metadata key of the token. */
  val TokenKey: Metadata.Key[String] = Metadata.Key.of("x-ember-token", Metadata.ASCII_STRING_MARSHALLER)
}
