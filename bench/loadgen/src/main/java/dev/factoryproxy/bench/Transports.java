package dev.factoryproxy.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;

/**
 * Builds the load tools' Vert.x on the cheapest transport the machine offers (io_uring, else
 * epoll, else NIO): on a 2-core machine every CPU cycle the tools spend is taken from the
 * servers being measured.
 */
final class Transports {

  private Transports() {
  }

  static Vertx vertx(VertxOptions options) {
    Transport transport = Transport.IO_URING != null && Transport.IO_URING.available()
        ? Transport.IO_URING : Transport.nativeTransport();
    return build(options, transport);
  }

  /**
   * The floor proxy's Vert.x: on the transport factory-proxy runs on by default (its TRANSPORT
   * setting: epoll, else NIO; io_uring when TRANSPORT=io_uring), so that the floor's figure is
   * the least the same stack can do.
   */
  static Vertx likeTheProxy(VertxOptions options) {
    boolean ioUring = "io_uring".equalsIgnoreCase(System.getenv().getOrDefault("TRANSPORT", "").trim());
    Transport transport = ioUring && Transport.IO_URING != null && Transport.IO_URING.available()
        ? Transport.IO_URING : Transport.nativeTransport();
    return build(options, transport);
  }

  private static Vertx build(VertxOptions options, Transport transport) {
    return transport == null ? Vertx.vertx(options) : Vertx.builder().with(options).withTransport(transport).build();
  }
}
