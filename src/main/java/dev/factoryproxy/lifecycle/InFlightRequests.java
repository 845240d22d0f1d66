package dev.factoryproxy.lifecycle;

import dev.factoryproxy.lifecycle.impl.InFlightRequestsImpl;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts one verticle's requests in progress, a Router stage, so that a graceful shutdown can say
 * how many it found in flight and how many of them it let finish. Event-loop confined.
 */
public interface InFlightRequests extends Handler<RoutingContext> {

  static InFlightRequests create() {
    return new InFlightRequestsImpl();
  }

  /** Requests in progress now. */
  int current();

  /** The shutdown begins: from now on, ends are counted as completed or cut. */
  void draining();

  /**
   * Completes once no request is in progress. The Router reports a request's end a little after
   * its connection has closed, so the server's shutdown completing is not yet the end of the tally.
   */
  Future<Void> settled();

  /** The tally since {@link #draining()}; whatever has not ended yet counts as cut. */
  DrainReport report();
}
