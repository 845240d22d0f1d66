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
    return transport == null ? Vertx.vertx(options) : Vertx.builder().with(options).withTransport(transport).build();
  }
}
