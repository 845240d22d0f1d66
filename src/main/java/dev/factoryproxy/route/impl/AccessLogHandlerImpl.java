package dev.factoryproxy.route.impl;

import ch.qos.logback.classic.LoggerContext;
import dev.factoryproxy.route.AccessLogHandler;
import dev.factoryproxy.metrics.Timings;
import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class AccessLogHandlerImpl implements AccessLogHandler {

  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final String X_REQUEST_ID = "x-request-id";
  /** nginx's non-standard "client closed request". */
  private static final int CLIENT_CLOSED_REQUEST = 499;
  private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
  /** The logging context property that asks for the fields as key-value pairs (logback-json.xml sets it). */
  static final String FIELDS_PROPERTY = "factoryProxy.accessFields";

  /**
   * Whether the line also carries its fields as key-value pairs. Only a structured encoder
   * writes them; building 22 pairs per request for the text encoder, which drops them, cost a
   * tenth of a small request's CPU.
   */
  private final boolean fields;

  public AccessLogHandlerImpl() {
    this.fields = LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && "true".equals(context.getProperty(FIELDS_PROPERTY));
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Exchange exchange = new Exchange(requestId(request.getHeader(X_REQUEST_ID)), System.nanoTime());
    exchange.attach(ctx);
    ctx.addHeadersEndHandler(v -> {
      MultiMap headers = ctx.response().headers();
      if (!headers.contains(X_REQUEST_ID)) {
        headers.set(X_REQUEST_ID, exchange.requestId());
      }
    });
    ctx.addEndHandler(result -> write(ctx, exchange, result));
    ctx.next();
  }

  private static String requestId(String offered) {
    if (offered != null && SANE_ID.matcher(offered).matches()) {
      return offered;
    }
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }

  private void write(RoutingContext ctx, Exchange exchange, AsyncResult<Void> result) {
    if (!log.isInfoEnabled()) {
      return;
    }
    if (result.failed()) {
      exchange.outcome("client_closed");
    }
    long now = System.nanoTime();
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    StringBuilder line = new StringBuilder(256)
        .append("id=").append(exchange.requestId())
        .append(" method=").append(request.method().name())
        .append(" path=");
    appendValue(line, request.path());
    line.append(" route=").append(exchange.route()).append(" key=").append(exchange.keyName()).append(" model=");
    appendValue(line, exchange.model());
    if (exchange.requestedModel() != null) {
      line.append(" alias=");
      appendValue(line, exchange.requestedModel());
    }
    if (exchange.translation() != null) {
      line.append(" translated=").append(exchange.translation().label());
    }
    line.append(" status=").append(status(response, result))
        .append(" upstream_status=").append(exchange.upstreamStatus() == 0 ? "-" : exchange.upstreamStatus())
        .append(" upstream_id=");
    appendValue(line, exchange.upstreamRequestId());
    line.append(" attempts=").append(exchange.attempts()).append(" token=");
    appendValue(line, exchange.tokenName());
    line.append(" ttfb_ms=");
    appendMillis(line, exchange.upstreamHeadersNanos() == 0 ? -1 : exchange.upstreamHeadersNanos() - exchange.startNanos());
    line.append(" overhead_ms=");
    appendMillis(line, exchange.responseHeadNanos() == 0 ? -1
        : Timings.of(exchange, exchange.responseHeadNanos()).overhead());
    line.append(" duration_ms=");
    appendMillis(line, now - exchange.startNanos());
    Usage usage = exchange.usage();
    line.append(" tokens_in=");
    appendCount(line, usage.totalInput());
    line.append(" tokens_out=");
    appendCount(line, usage.output());
    line.append(" tokens_cached=");
    appendCount(line, usage.cacheRead());
    line.append(" bytes_in=").append(exchange.body() == null ? 0 : exchange.body().length())
        .append(" bytes_out=").append(response.bytesWritten())
        .append(" outcome=").append(exchange.outcome())
        .append(" client=").append(peer(request));
    if (!fields) {
      log.info(line.toString());
      return;
    }
    long ttfb = exchange.upstreamHeadersNanos() == 0 ? -1 : exchange.upstreamHeadersNanos() - exchange.startNanos();
    long overhead = exchange.responseHeadNanos() == 0 ? -1
        : Timings.of(exchange, exchange.responseHeadNanos()).overhead();
    // The same fields again as key-value pairs: LOG_FORMAT=json writes them as JSON fields.
    log.atInfo().setMessage(line.toString())
        .addKeyValue("id", exchange.requestId())
        .addKeyValue("method", request.method().name())
        .addKeyValue("path", request.path())
        .addKeyValue("route", exchange.route())
        .addKeyValue("key", exchange.keyName())
        .addKeyValue("model", exchange.model())
        .addKeyValue("alias", exchange.requestedModel())
        .addKeyValue("translated", exchange.translation() == null ? null : exchange.translation().label())
        .addKeyValue("status", status(response, result))
        .addKeyValue("upstream_status", exchange.upstreamStatus() == 0 ? null : exchange.upstreamStatus())
        .addKeyValue("upstream_id", exchange.upstreamRequestId())
        .addKeyValue("attempts", exchange.attempts())
        .addKeyValue("token", exchange.tokenName())
        .addKeyValue("ttfb_ms", millis(ttfb))
        .addKeyValue("overhead_ms", millis(overhead))
        .addKeyValue("duration_ms", millis(now - exchange.startNanos()))
        .addKeyValue("tokens_in", usage.totalInput())
        .addKeyValue("tokens_out", usage.output())
        .addKeyValue("tokens_cached", usage.cacheRead())
        .addKeyValue("bytes_in", exchange.body() == null ? 0 : exchange.body().length())
        .addKeyValue("bytes_out", response.bytesWritten())
        .addKeyValue("outcome", exchange.outcome())
        .addKeyValue("client", peer(request))
        .log();
  }

  /** Milliseconds with a tenth, as the text line has them; {@code null} for "not known". */
  private static Double millis(long nanos) {
    return nanos < 0 ? null : (nanos / 100_000) / 10.0;
  }

  /** See {@link AccessLogHandler#refused}. */
  public static void refused(HttpServerRequest request, long startNanos, String reason) {
    if (!log.isInfoEnabled()) {
      return;
    }
    StringBuilder line = new StringBuilder(256)
        .append("id=").append(requestId(request.getHeader(X_REQUEST_ID)))
        .append(" method=").append(request.method() == null ? "-" : request.method().name())
        .append(" path=");
    appendValue(line, request.path());
    line.append(" route=- model=- status=").append(request.response().getStatusCode())
        .append(" upstream_status=- upstream_id=- ttfb_ms=- duration_ms=");
    appendMillis(line, System.nanoTime() - startNanos);
    line.append(" bytes_in=0 bytes_out=").append(request.response().bytesWritten())
        .append(" outcome=refused reason=");
    appendValue(line, reason);
    line.append(" client=").append(peer(request));
    log.atInfo().setMessage(line.toString())
        .addKeyValue("method", request.method() == null ? null : request.method().name())
        .addKeyValue("path", request.path())
        .addKeyValue("status", request.response().getStatusCode())
        .addKeyValue("duration_ms", millis(System.nanoTime() - startNanos))
        .addKeyValue("outcome", "refused")
        .addKeyValue("reason", reason)
        .addKeyValue("client", peer(request))
        .log();
  }

  /**
   * The status the client got. A client that left before any response was sent got none: like
   * nginx, log 499 rather than the 200 a response object starts with, so that a status count
   * never counts abandoned requests as served.
   */
  private static int status(HttpServerResponse response, AsyncResult<Void> result) {
    return result.failed() && !response.headWritten() ? CLIENT_CLOSED_REQUEST : response.getStatusCode();
  }

  /** The connection's peer: the client, or the load balancer in front of the proxy. */
  private static String peer(HttpServerRequest request) {
    // Not request.remoteAddress(): vertx-web's request wrapper parses forwarding headers for it.
    SocketAddress address = request.connection().remoteAddress();
    return address == null ? "-" : address.hostAddress();
  }

  private static void appendCount(StringBuilder line, Long count) {
    if (count == null) {
      line.append('-');
    } else {
      line.append(count.longValue());
    }
  }

  private static void appendMillis(StringBuilder line, long nanos) {
    if (nanos < 0) {
      line.append('-');
      return;
    }
    long tenths = nanos / 100_000;
    line.append(tenths / 10).append('.').append(tenths % 10);
  }

  /** Client-chosen text is quoted and escaped, so it can neither break nor forge a log line. */
  static void appendValue(StringBuilder line, String value) {
    if (value == null || value.isEmpty()) {
      line.append('-');
      return;
    }
    boolean plain = value.length() <= 256;
    for (int i = 0; plain && i < value.length(); i++) {
      char c = value.charAt(i);
      plain = c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '=';
    }
    if (plain) {
      line.append(value);
      return;
    }
    line.append('"');
    int max = Math.min(value.length(), 256);
    for (int i = 0; i < max; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        line.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        line.append(String.format("\\u%04x", (int) c));
      } else {
        line.append(c);
      }
    }
    if (value.length() > max) {
      line.append("...");
    }
    line.append('"');
  }
}
