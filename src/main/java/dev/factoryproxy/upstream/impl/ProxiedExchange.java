package dev.factoryproxy.upstream.impl;

import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.stream.DeadlineSweeper;
import dev.factoryproxy.stream.IdleTimeoutStream;
import dev.factoryproxy.stream.StreamIdleTimeoutException;
import dev.factoryproxy.translate.Translation;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.upstream.HeaderPolicy;
import dev.factoryproxy.upstream.Upstream;
import dev.factoryproxy.upstream.UpstreamFailures;
import io.vertx.core.MultiMap;
import dev.factoryproxy.usage.ObservedStream;
import dev.factoryproxy.usage.UsageChunkFilter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One request's trip upstream and back. Everything here runs on the request's event loop,
 * so the state needs no synchronisation.
 *
 * <ol>
 *   <li>take a pooled connection (connect timeout), send the body, wait for the response
 *       headers (response timeout); a failure here is answered with 502 or 504;
 *   <li>copy status and end-to-end headers, and for an event stream send them at once;
 *   <li>pipe the body with backpressure, failing when the upstream idles too long; a
 *       translated answer goes through {@link TranslatedAnswer} instead;
 *   <li>if either side breaks, reset the other: the client sees a cut stream, never a
 *       clean end, and Factory stops generating tokens nobody will read.
 * </ol>
 */
final class ProxiedExchange implements DeadlineSweeper.Watched {

  private static final String ANTHROPIC_VERSION = "anthropic-version";
  private static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
  private static final String ANTHROPIC_BETA = "anthropic-beta";

  private final ForwardHandlerImpl forward;
  private final RoutingContext ctx;
  private final Exchange exchange;
  private HttpClientRequest upstream;
  private boolean clientGone;
  private long sentNanos;
  private boolean awaitingResponse;
  private boolean timedOut;

  ProxiedExchange(ForwardHandlerImpl forward, RoutingContext ctx) {
    this.forward = forward;
    this.ctx = ctx;
    this.exchange = Exchange.of(ctx);
  }

  void start() {
    exchange.route(forward.route().name());
    ctx.addEndHandler(result -> {
      if (result.failed()) {
        clientClosed();
      }
    });
    HttpServerRequest request = ctx.request();
    Upstream to = exchange.upstream() != null ? exchange.upstream() : forward.routeUpstream();
    MultiMap headers = to.headers().applyTo(HeaderPolicy.forUpstream(request.headers()));
    if (exchange.translation() != null) {
      translatedHeaders(headers, to);
    }
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(to.target().host())
        .setPort(to.target().port())
        .setSsl(to.target().ssl())
        // A query string belongs to the client's API (Claude Code's ?beta=true), not another one's.
        .setURI(to.target().uri(exchange.translation() == null ? request.query() : null))
        .setHeaders(headers)
        .setConnectTimeout(forward.connectTimeoutMillis());
    forward.client().request(options).onComplete(ar -> {
      if (ar.succeeded()) {
        send(ar.result());
      } else {
        failBeforeResponse(UpstreamFailures.connecting(ar.cause(), forward.connectTimeoutMillis()));
      }
    });
  }

  /**
   * A translated request is read back by the proxy, so it asks for an answer it can read (no
   * content coding); toward Messages it says which version of the API it speaks, toward the
   * others it drops Anthropic's headers.
   */
  private static void translatedHeaders(MultiMap headers, Upstream to) {
    headers.set(HttpHeaders.ACCEPT_ENCODING, "identity");
    if (to.api() != WireApi.MESSAGES) {
      // Anthropic's own headers mean nothing to an OpenAI-shaped upstream, and a strict one may refuse them.
      headers.remove(ANTHROPIC_VERSION).remove(ANTHROPIC_BETA);
    } else if (!headers.contains(ANTHROPIC_VERSION)) {
      headers.set(ANTHROPIC_VERSION, DEFAULT_ANTHROPIC_VERSION);
    }
  }

  private void send(HttpClientRequest request) {
    upstream = request;
    // Failures reach us through send()'s future; without a handler Vert.x logs the resets we
    // make ourselves (client gone) as errors.
    request.exceptionHandler(ignored -> { });
    if (clientGone) {
      request.reset();
      return;
    }
    sentNanos = System.nanoTime();
    awaitingResponse = true;
    forward.sweeper().watch(this);
    request.send(exchange.body()).onComplete(ar -> {
      awaitingResponse = false;
      forward.sweeper().unwatch(this);
      if (ar.succeeded()) {
        relay(ar.result());
      } else if (timedOut) {
        failBeforeResponse(UpstreamFailures.responseTimeout(forward.responseTimeoutMillis()));
      } else {
        failBeforeResponse(UpstreamFailures.awaitingResponse(ar.cause()));
      }
    });
  }

  /** The response timeout: from sending the request to the response headers. */
  @Override
  public boolean sweep(long nowNanos) {
    if (!awaitingResponse) {
      return true;
    }
    if (nowNanos - sentNanos < forward.responseTimeoutMillis() * 1_000_000) {
      return false;
    }
    timedOut = true;
    upstream.reset();
    return true;
  }

  private void relay(HttpClientResponse response) {
    if (clientGone) {
      upstream.reset();
      return;
    }
    String upstreamId = response.getHeader("x-request-id");
    exchange.upstreamResponded(response.statusCode(), System.nanoTime(),
        upstreamId != null ? upstreamId : response.getHeader("request-id"));
    if (!chunkedOrUnframed(response.headers().getAll(HttpHeaders.TRANSFER_ENCODING))) {
      // Netty decodes only the chunked coding: a body under any other would reach the client
      // still coded but without the header saying so.
      response.exceptionHandler(ignored -> { });
      upstream.reset();
      failBeforeResponse(UpstreamFailures.malformedResponse("unsupported Transfer-Encoding"));
      return;
    }
    HttpServerResponse out = ctx.response();
    Translation translation = exchange.translation();
    if (translation != null) {
      new TranslatedAnswer(translation, forward.formats(), forward.sweeper(), forward.streamIdleMillis())
          .relay(response, out, exchange::usage, this::abort);
      return;
    }
    out.setStatusCode(response.statusCode());
    if (response.statusMessage() != null && !response.statusMessage().isEmpty()) {
      out.setStatusMessage(response.statusMessage());
    }
    HeaderPolicy.copyToClient(response.headers(), out.headers());
    if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      out.setChunked(true);
    }
    if (TranslatedAnswer.isEventStream(response.getHeader(HttpHeaders.CONTENT_TYPE))) {
      if (!out.headers().contains(HttpHeaders.CACHE_CONTROL)) {
        out.headers().set(HttpHeaders.CACHE_CONTROL, "no-cache");
      }
      out.headers().set("x-accel-buffering", "no");
      // A model may think for a while before its first event; the client learns of the 200 now.
      out.writeHead();
    }
    ReadStream<Buffer> body = ObservedStream.wrap(response,
        forward.usageObserver(exchange.upstream() == null ? null : exchange.upstream().api(),
            response.getHeader(HttpHeaders.CONTENT_TYPE)), exchange::usage);
    if (exchange.hideUsageChunk() && TranslatedAnswer.isEventStream(response.getHeader(HttpHeaders.CONTENT_TYPE))) {
      body = UsageChunkFilter.wrap(body);
    }
    IdleTimeoutStream.wrap(forward.sweeper(), body, forward.streamIdleMillis())
        .pipe()
        .endOnFailure(false)
        .to(out)
        .onFailure(this::abort);
  }

  private void failBeforeResponse(RuntimeException failure) {
    if (clientGone) {
      return;
    }
    exchange.outcome("upstream_error");
    ctx.fail(failure);
  }

  private void clientClosed() {
    clientGone = true;
    exchange.outcome("client_closed");
    if (upstream != null) {
      upstream.reset();
    }
  }

  private void abort(Throwable cause) {
    exchange.outcome(clientGone ? "client_closed"
        : cause instanceof StreamIdleTimeoutException ? "idle_timeout" : "upstream_error");
    upstream.reset();
    HttpServerResponse out = ctx.response();
    if (!clientGone && !out.headWritten() && !(cause instanceof StreamIdleTimeoutException)) {
      // The body broke (a bad chunk, a reset) before a byte of the answer went out: the client
      // can still get an error of its own instead of a bare cut.
      out.headers().clear();
      out.setChunked(false);
      ctx.fail(UpstreamFailures.malformedResponse(cause));
      return;
    }
    out.reset();
  }

  private static boolean chunkedOrUnframed(List<String> codings) {
    return codings.isEmpty() || codings.size() == 1 && codings.get(0).trim().equalsIgnoreCase("chunked");
  }
}
