package dev.factoryproxy.dashboard;

import dev.factoryproxy.admin.AdminHandler;
import dev.factoryproxy.metrics.ProxyMetrics;
import dev.factoryproxy.tokens.TokenHealth;
import dev.factoryproxy.tokens.TokenPool;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /admin/events}: the dashboard's feed, a server-sent event a second. Traffic figures
 * are this member's (labelled with its id in a cluster); keys, usage and budgets come from the
 * shared counters and so are the cluster's.
 */
public final class EventsHandler implements Handler<RoutingContext> {

  private static final long PERIOD_MILLIS = 1000;

  private final TrafficFeed feed;
  private final ProxyMetrics metrics;
  private final TokenPool tokens;
  private final AdminHandler admin;
  private final String member;
  /** The feeds open on this verticle's event loop, ended at shutdown: they would otherwise hold up the drain. */
  private final Set<HttpServerResponse> open = new HashSet<>();

  private EventsHandler(TrafficFeed feed, ProxyMetrics metrics, TokenPool tokens, AdminHandler admin, String member) {
    this.feed = feed;
    this.metrics = metrics;
    this.tokens = tokens;
    this.admin = admin;
    this.member = member;
  }

  /** @param member this member's cluster id, or {@code null} when not clustered */
  public static EventsHandler create(TrafficFeed feed, ProxyMetrics metrics, TokenPool tokens, AdminHandler admin,
                                     String member) {
    return new EventsHandler(feed, metrics, tokens, admin, member);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no");
    response.writeHead();
    Vertx vertx = ctx.vertx();
    send(response);
    long timer = vertx.setPeriodic(PERIOD_MILLIS, id -> send(response));
    open.add(response);
    response.closeHandler(v -> {
      vertx.cancelTimer(timer);
      open.remove(response);
    });
    response.endHandler(v -> {
      vertx.cancelTimer(timer);
      open.remove(response);
    });
  }

  /** Ends every open feed; called on the event loop that serves them, when the verticle stops. */
  public void close() {
    for (HttpServerResponse response : List.copyOf(open)) {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    }
    open.clear();
  }

  private void send(HttpServerResponse response) {
    JsonObject event = feed.snapshot().put("member", member == null ? "local" : member)
        .put("streams", metrics.streamsActive())
        .put("tokens", new JsonArray(tokens.health().stream().map(TokenHealth::toJson).toList()));
    admin.described().onComplete(ar -> {
      if (response.closed() || response.ended()) {
        return;
      }
      event.put("keys", ar.succeeded() ? ar.result() : new JsonArray());
      response.write("event: figures\ndata: " + event.encode() + "\n\n");
    });
  }
}
