package dev.factoryproxy.lifecycle;

import dev.factoryproxy.lifecycle.impl.HeaderDeadlineImpl;
import dev.factoryproxy.stream.DeadlineSweeper;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code HEADER_TIMEOUT}: a client connection may spend at most this long without a request in
 * progress, counted from the moment it opened or from the end of its previous response, until a
 * complete request head has arrived. Then it is closed.
 *
 * <p>Vert.x has no header-read deadline, and its connection idle timeout counts any byte as
 * activity (a slowloris client sending one byte every few seconds is never idle) while also
 * cutting a request that legitimately waits minutes for a model's first byte. This limit
 * counts only the time no request is being served, so it covers both a trickled request head and
 * an idle kept-alive connection, and never touches a request in progress.
 *
 * <p>Mounted twice: {@link #connected} as the server's connection handler, and as the first stage
 * of the Router, where it marks a request as in progress until its response has ended.
 */
public interface HeaderDeadline extends Handler<RoutingContext> {

  static HeaderDeadline create(DeadlineSweeper sweeper, Duration timeout) {
    return new HeaderDeadlineImpl(sweeper, timeout.toNanos());
  }

  /** Starts the clock of a newly opened connection. */
  void connected(HttpConnection connection);

  /** Connections open now, for tests and diagnostics. */
  int openConnections();
}
