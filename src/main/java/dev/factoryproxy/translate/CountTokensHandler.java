package dev.factoryproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.catalog.ModelCatalog;
import dev.factoryproxy.catalog.ModelSpec;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.tokens.Lease;
import dev.factoryproxy.tokens.SessionKey;
import dev.factoryproxy.tokens.TokenPool;
import dev.factoryproxy.upstream.HeaderPolicy;
import dev.factoryproxy.upstream.UpstreamHeaders;
import dev.factoryproxy.upstream.Upstream;
import dev.factoryproxy.upstream.UpstreamTarget;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /v1/messages/count_tokens}, which Claude Code calls before nearly every turn. For a
 * model Factory serves over Messages the question goes to Factory; when Factory has no such
 * endpoint (404, 405), cannot be reached, or the model lives on another API, the answer is a
 * local count ({@link TokenEstimator}), marked by the {@value #ESTIMATE_HEADER} header. Counting
 * is advice for the client's context management: it never fails a session.
 */
public final class CountTokensHandler implements Handler<RoutingContext> {

  public static final String PATH = "/v1/messages/count_tokens";
  public static final String ESTIMATE_HEADER = "x-token-count-estimate";

  private final HttpClient client;
  private final ModelCatalog catalog;
  private final Upstream messagesRoute;
  private final Function<ModelSpec, Upstream> modelUpstream;
  private final UpstreamTarget target;
  private final ProxySettings settings;
  private final WireFormat messages;
  private final Future<TokenEstimator> estimator;
  private final Clock clock;
  private final TokenPool tokens;

  private CountTokensHandler(HttpClient client, ProxySettings settings, Upstream messagesRoute,
                             Function<ModelSpec, Upstream> modelUpstream, Formats formats,
                             Future<TokenEstimator> estimator, Clock clock, TokenPool tokens) {
    this.client = client;
    this.tokens = tokens;
    this.settings = settings;
    this.catalog = settings.catalog();
    this.messagesRoute = messagesRoute;
    this.modelUpstream = modelUpstream;
    this.target = UpstreamTarget.of(settings.baseUrl(), WireApi.MESSAGES.upstreamPath() + "/count_tokens");
    this.messages = formats.of(WireApi.MESSAGES);
    this.estimator = estimator;
    this.clock = clock;
  }

  /**
   * @param messagesRoute the provider and headers for a model the catalog does not list (the
   *     Messages route's)
   * @param modelUpstream a catalog model's provider and headers
   * @param tokens the upstream tokens; a count is asked once, on one token, never retried (a local
   *     count answers when Factory does not)
   */
  public static CountTokensHandler create(HttpClient client, ProxySettings settings, Upstream messagesRoute,
                                          Function<ModelSpec, Upstream> modelUpstream,
                                          Formats formats, Future<TokenEstimator> estimator, Clock clock,
                                          TokenPool tokens) {
    return new CountTokensHandler(client, settings, messagesRoute, modelUpstream, formats, estimator, clock, tokens);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    exchange.route("count_tokens");
    ModelCatalog.Resolved resolved = catalog.resolve(exchange.facts().model());
    ModelSpec spec = resolved == null ? null : resolved.spec();
    if (spec != null && spec.api() != WireApi.MESSAGES) {
      estimate(ctx);
      return;
    }
    Upstream to = spec != null ? modelUpstream.apply(spec) : messagesRoute;
    ask(ctx, to).onComplete(ar -> {
      if (ar.failed() || ar.result().status() == 404 || ar.result().status() == 405) {
        estimate(ctx);
      } else {
        relay(ctx, ar.result());
      }
    });
  }

  private record Answer(HttpClientResponse response, Buffer body) {
    int status() {
      return response.statusCode();
    }
  }

  private Future<Answer> ask(RoutingContext ctx, Upstream to) {
    HttpServerRequest request = ctx.request();
    Exchange exchange = Exchange.of(ctx);
    Lease lease = tokens.acquire(SessionKey.of(request.headers(), exchange.facts()), Set.of());
    if (lease == null) {
      return Future.failedFuture("no usable upstream token");
    }
    exchange.attempt(1, lease.name());
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.ssl())
        .setURI(target.uri(request.query()))
        .setHeaders(UpstreamHeaders.authorize(to.headers().applyTo(HeaderPolicy.forUpstream(request.headers())),
            lease.authorization()))
        .setConnectTimeout(settings.connectTimeout().toMillis())
        .setIdleTimeout(settings.responseTimeout().toMillis());
    return client.request(options)
        .compose(upstream -> upstream.send(exchange.body()))
        .compose(response -> response.body().map(body -> {
          exchange.upstreamResponded(response.statusCode(), System.nanoTime(), response.getHeader("request-id"));
          return new Answer(response, body);
        }))
        .andThen(ar -> {
          tokens.report(lease, ar.succeeded() ? ar.result().status() : 0, ar.succeeded() ? ar.result().response().headers() : null);
          lease.release();
        });
  }

  private static void relay(RoutingContext ctx, Answer answer) {
    var out = ctx.response().setStatusCode(answer.status());
    HeaderPolicy.copyToClient(answer.response().headers(), out.headers());
    out.headers().remove("content-length").remove("transfer-encoding");
    out.end(answer.body());
  }

  private void estimate(RoutingContext ctx) {
    if (estimator.isComplete()) {
      answerEstimate(ctx, estimator.result());
      return;
    }
    // Loaded on a worker thread at start: the first counts of a fresh proxy wait for it, and the
    // answer is written from the request's own event loop.
    Context requestContext = ctx.vertx().getOrCreateContext();
    estimator.onComplete(ar -> requestContext.runOnContext(v -> {
      if (ar.succeeded()) {
        answerEstimate(ctx, ar.result());
      } else {
        ctx.fail(ar.cause());
      }
    }));
  }

  private void answerEstimate(RoutingContext ctx, TokenEstimator counter) {
    long tokens = count(counter, Exchange.of(ctx).body());
    ctx.response()
        .putHeader("content-type", "application/json")
        .putHeader(ESTIMATE_HEADER, "true")
        .end(JsonTrees.buffer(JsonTrees.object().put("input_tokens", tokens)));
  }

  /** The Messages reader's view of the body, counted; text of the raw body if it reads as no request. */
  private long count(TokenEstimator estimator, Buffer body) {
    try {
      JsonNode json = JsonTrees.parse(body);
      TranslationContext context = new TranslationContext(WireApi.MESSAGES, WireApi.MESSAGES,
          json.path("model").asText(""), 1, ReasoningBudgets.DEFAULTS, clock.instant().getEpochSecond());
      Conversation conversation = messages.readRequest(json, context);
      return estimator.inputTokens(conversation);
    } catch (RuntimeException unreadable) {
      return estimator.text(body.toString(StandardCharsets.UTF_8));
    }
  }
}
