package dev.factoryproxy.metrics;

import dev.factoryproxy.route.Exchange;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The stage after the access log: notes when the response head goes out (adding
 * {@code Server-Timing} unless {@code SERVER_TIMING=false}), counts open streams, and records the
 * request's metrics when it ends.
 */
public final class RequestMetricsHandler implements Handler<RoutingContext> {

  private static final String SERVER_TIMING = "server-timing";
  /** nginx's non-standard "client closed request", as the access log counts it. */
  private static final int CLIENT_CLOSED_REQUEST = 499;

  private final ProxyMetrics metrics;
  private final boolean serverTiming;

  private RequestMetricsHandler(ProxyMetrics metrics, boolean serverTiming) {
    this.metrics = metrics;
    this.serverTiming = serverTiming;
  }

  public static RequestMetricsHandler create(ProxyMetrics metrics, boolean serverTiming) {
    return new RequestMetricsHandler(metrics, serverTiming);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    boolean[] streaming = new boolean[1];
    ctx.addHeadersEndHandler(v -> {
      long now = System.nanoTime();
      exchange.responseHead(now);
      HttpServerResponse response = ctx.response();
      if (serverTiming) {
        response.headers().set(SERVER_TIMING, Timings.of(exchange, now).serverTiming());
      }
      String type = response.headers().get(HttpHeaders.CONTENT_TYPE);
      // A proxied stream; not the dashboard's own feed.
      boolean proxied = !"-".equals(exchange.route());
      if (proxied && type != null && type.regionMatches(true, 0, "text/event-stream", 0, "text/event-stream".length())) {
        streaming[0] = true;
        metrics.streamStarted();
      }
    });
    ctx.addEndHandler(result -> ended(ctx, exchange, result, streaming[0]));
    ctx.next();
  }

  private void ended(RoutingContext ctx, Exchange exchange, AsyncResult<Void> result, boolean streaming) {
    if (streaming) {
      metrics.streamEnded();
    }
    if (result.failed()) {
      exchange.outcome("client_closed");
    }
    HttpServerResponse response = ctx.response();
    int status = result.failed() && !response.headWritten() ? CLIENT_CLOSED_REQUEST : response.getStatusCode();
    long head = exchange.responseHeadNanos();
    metrics.request(exchange, status, head == 0 ? null : Timings.of(exchange, head),
        System.nanoTime() - exchange.startNanos());
  }
}
