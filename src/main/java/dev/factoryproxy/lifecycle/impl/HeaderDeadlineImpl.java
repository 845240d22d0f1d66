package dev.factoryproxy.lifecycle.impl;

import dev.factoryproxy.lifecycle.HeaderDeadline;
import dev.factoryproxy.stream.DeadlineSweeper;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One watched object per connection, for the connection's whole life, read by the event loop's
 * {@link DeadlineSweeper}: a connection costs a map entry and no timer, a request two field
 * writes and a map lookup. Everything runs on the verticle's event loop, where its server's
 * connections live, so nothing is synchronised.
 */
public final class HeaderDeadlineImpl implements HeaderDeadline {

  private final DeadlineSweeper sweeper;
  private final long timeoutNanos;
  private final Map<HttpConnection, Watch> connections = new IdentityHashMap<>();

  public HeaderDeadlineImpl(DeadlineSweeper sweeper, long timeoutNanos) {
    this.sweeper = sweeper;
    this.timeoutNanos = timeoutNanos;
  }

  @Override
  public void connected(HttpConnection connection) {
    Watch watch = new Watch(connection, System.nanoTime());
    connections.put(connection, watch);
    connection.closeHandler(v -> {
      watch.closed = true;
      connections.remove(connection);
      sweeper.unwatch(watch);
    });
    sweeper.watch(watch);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Watch watch = connections.get(ctx.request().connection());
    if (watch != null) {
      watch.requests++;
      ctx.addEndHandler(result -> {
        watch.requests--;
        watch.waitingSince = System.nanoTime();
      });
    }
    ctx.next();
  }

  @Override
  public int openConnections() {
    return connections.size();
  }

  private final class Watch implements DeadlineSweeper.Watched {
    private final HttpConnection connection;
    private long waitingSince;
    private int requests;
    private boolean closed;

    Watch(HttpConnection connection, long openedNanos) {
      this.connection = connection;
      this.waitingSince = openedNanos;
    }

    @Override
    public boolean sweep(long nowNanos) {
      if (closed) {
        return true;
      }
      if (requests > 0 || nowNanos - waitingSince < timeoutNanos) {
        return false;
      }
      // No request to answer (its head never came, so neither did its route or error format):
      // the connection is simply closed, as nginx does for client_header_timeout.
      closed = true;
      connections.remove(connection);
      connection.close();
      return true;
    }
  }
}
