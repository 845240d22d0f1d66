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
import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.tokens.Lease;
import dev.factoryproxy.tokens.SessionKey;
import dev.factoryproxy.tokens.TokenPool;
import dev.factoryproxy.tokens.Verdict;
import dev.factoryproxy.upstream.UpstreamHeaders;
import dev.factoryproxy.usage.ObservedStream;
import dev.factoryproxy.usage.UsageChunkFilter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One request's trip upstream and back. Everything here runs on the request's event loop,
 * so the state needs no synchronisation.
 *
 * <ol>
 *   <li>take a token from the pool, a pooled connection (connect timeout), send the body, wait for
 *       the response headers (response timeout); a 401, 402, 429, 5xx or no answer is tried again
 *       on another token while the retry policy and RESPONSE_TIMEOUT allow (nothing has reached the
 *       client yet); a failure here is answered with 502 or 504;
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
  private final TokenPool tokens;
  private final Set<String> tried = new HashSet<>(4);
  private Upstream to;
  private String sessionKey;
  private Context context;
  private HttpClientRequest upstream;
  private Lease lease;
  private int attempts;
  private boolean clientGone;
  private long beganNanos;
  /** When the first attempt was sent: RESPONSE_TIMEOUT bounds every attempt together. 0 before. */
  private long sentNanos;
  private boolean awaitingResponse;
  private boolean timedOut;

  ProxiedExchange(ForwardHandlerImpl forward, RoutingContext ctx) {
    this.forward = forward;
    this.ctx = ctx;
    this.exchange = Exchange.of(ctx);
    this.tokens = forward.tokens();
  }

  void start() {
    exchange.route(forward.route().name());
    ctx.addEndHandler(result -> {
      release();
      if (result.failed()) {
        clientClosed();
      }
    });
    context = ctx.vertx().getOrCreateContext();
    beganNanos = System.nanoTime();
    to = exchange.upstream() != null ? exchange.upstream() : forward.routeUpstream();
    sessionKey = SessionKey.of(ctx.request().headers(), exchange.facts());
    Lease first = tokens.acquire(sessionKey, tried);
    if (first == null && tokens.secondsToRecovery() < 0) {
      // A cooldown can end between the two looks: look again before calling every token disabled.
      first = tokens.acquire(sessionKey, tried);
    }
    if (first == null) {
      noToken();
      return;
    }
    attempt(first);
  }

  /** One try on one token: the same body bytes every time, the token's own Authorization. */
  private void attempt(Lease token) {
    release();
    lease = token;
    attempts++;
    tried.add(token.name());
    exchange.attempt(attempts, token.name());
    HttpServerRequest request = ctx.request();
    MultiMap headers = to.headers().applyTo(HeaderPolicy.forUpstream(request.headers()));
    UpstreamHeaders.authorize(headers, token.authorization());
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
        noAnswer(UpstreamFailures.connecting(ar.cause(), forward.connectTimeoutMillis()));
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
    if (sentNanos == 0) {
      sentNanos = System.nanoTime();
      exchange.upstreamSent(sentNanos);
    }
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
        noAnswer(UpstreamFailures.awaitingResponse(ar.cause()));
      }
    });
  }

  /** The response timeout: from sending the first attempt to the response headers of the last. */
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

  /** Refused, reset, TLS: Factory's trouble, counted on the token, and tried again where the policy allows. */
  private void noAnswer(RuntimeException failure) {
    if (clientGone) {
      return;
    }
    tokens.report(lease, 0, null);
    if (!retry(Verdict.UPSTREAM_ERROR, () -> { })) {
      failBeforeResponse(failure);
    }
  }

  /**
   * Factory answered. Nothing of it has gone to the client yet, so a 401, 402, 429 or an error of
   * Factory's may still be tried again, on another token (or after a 5xx, the same one after a
   * pause); anything else, and whatever the retries could not replace, goes to the client.
   */
  private void relay(HttpClientResponse response) {
    if (clientGone) {
      upstream.reset();
      return;
    }
    int status = response.statusCode();
    Verdict verdict = Verdict.of(status);
    Lease answered = lease;
    Future<Void> settled = tokens.report(answered, status, response.headers());
    if (verdict.retryable()) {
      if (retry(verdict, () -> discard(response))) {
        return;
      }
      if (verdict == Verdict.UNAUTHORIZED && !settled.isComplete() && tokens.retries().retries(verdict, attempts)) {
        // The token is being fetched again (its file re-read, its command re-run): its new value may serve.
        response.pause();
        settled.onComplete(v -> context.runOnContext(x -> afterRefetch(response, answered)));
        return;
      }
    }
    answer(response);
  }

  private void afterRefetch(HttpClientResponse response, Lease answered) {
    if (clientGone) {
      discard(response);
      return;
    }
    Lease again = remainingMillis() > 0 ? tokens.again(answered) : null;
    if (again != null) {
      discard(response);
      attempt(again);
      return;
    }
    answer(response);
    response.resume();
  }

  /**
   * Another attempt, if the policy allows one, time is left and a token is usable; false when the
   * caller must answer with what it has.
   *
   * @param discard drops the answer being replaced
   */
  private boolean retry(Verdict verdict, Runnable discard) {
    if (clientGone || !tokens.retries().retries(verdict, attempts) || remainingMillis() <= 0) {
      return false;
    }
    Lease next = tokens.acquire(sessionKey, tried);
    if (next != null) {
      discard.run();
      attempt(next);
      return true;
    }
    if (verdict != Verdict.UPSTREAM_ERROR) {
      return false;
    }
    Lease same = tokens.again(lease);
    long backoff = tokens.retries().backoffMillis(attempts);
    if (same == null || backoff >= remainingMillis()) {
      if (same != null) {
        same.release();
      }
      return false;
    }
    discard.run();
    release();
    ctx.vertx().setTimer(backoff, id -> {
      if (clientGone) {
        same.release();
      } else {
        attempt(same);
      }
    });
    return true;
  }

  /** What is left of RESPONSE_TIMEOUT for every attempt together. */
  private long remainingMillis() {
    long since = sentNanos != 0 ? sentNanos : beganNanos;
    return forward.responseTimeoutMillis() - (System.nanoTime() - since) / 1_000_000;
  }

  /** An answer replaced by a retry: read to its end and dropped, so its connection goes back to the pool. */
  private static void discard(HttpClientResponse response) {
    response.exceptionHandler(ignored -> { });
    response.handler(ignored -> { });
    response.resume();
  }

  private void release() {
    if (lease != null) {
      lease.release();
    }
  }

  /**
   * No token is usable before Factory was contacted: a 429 with the soonest recovery when tokens
   * are cooling or exhausted, else a 503 (every token disabled).
   */
  private void noToken() {
    exchange.outcome("no_token");
    long seconds = tokens.secondsToRecovery();
    if (seconds <= 0 && !tokens.allDisabled()) {
      // A cooldown ended, or another began, between the looks: that is cooling, not disabled.
      seconds = 1;
    }
    if (seconds > 0) {
      ctx.response().putHeader("retry-after", Long.toString(seconds));
      ctx.fail(new ProxyFailure(ProxyError.RATE_LIMITED_REQUESTS,
          "every upstream token is cooling down or exhausted; retry after " + seconds + " s"));
    } else {
      ctx.fail(new ProxyFailure(ProxyError.NO_UPSTREAM_TOKEN,
          "no upstream token is usable: every one is disabled (see /health)"));
    }
  }

  private void answer(HttpClientResponse response) {
    if (response.statusCode() == 429 && !tokens.anyUsable()) {
      // Every token is cooling: Factory's 429 goes out as it was, but it says when any token is back.
      long seconds = tokens.secondsToRecovery();
      if (seconds > 0) {
        response.headers().set("retry-after", Long.toString(seconds));
      }
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
