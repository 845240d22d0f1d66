package dev.factoryproxy.route;

import dev.factoryproxy.route.impl.BoundedBodyHandlerImpl;
import dev.factoryproxy.stream.DeadlineSweeper;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Reads the request body, up to a limit, into the {@link Exchange} without copying the
 * chunks it arrives in. A body over the limit is answered with 413 before anything goes
 * upstream: at once when {@code Content-Length} says so, else when the limit is crossed. A
 * body that goes {@code bodyTimeout} without a byte arriving is answered with 408 (a client
 * that sends its head and then stalls or trickles would otherwise hold its connection and
 * buffer for ever; nginx's {@code client_body_timeout}).
 *
 * <p>vertx-web's {@code BodyHandler} is not used because it decodes
 * {@code application/x-www-form-urlencoded} bodies as forms (what {@code curl -d} sends),
 * which fails on JSON holding a '%', and it grows large bodies by copying.
 *
 * <p>Stages before this one must not go asynchronous: the Router does not pause the request.
 */
public interface BoundedBodyHandler extends Handler<RoutingContext> {

  static BoundedBodyHandler create(long maxBytes, DeadlineSweeper sweeper, Duration bodyTimeout) {
    return new BoundedBodyHandlerImpl(maxBytes, sweeper, bodyTimeout.toNanos());
  }
}
