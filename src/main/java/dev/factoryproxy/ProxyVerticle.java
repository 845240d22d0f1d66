package dev.factoryproxy;

import dev.factoryproxy.admin.AdminAuthHandler;
import dev.factoryproxy.admin.AdminHandler;
import dev.factoryproxy.body.JsonBodyScanner;
import dev.factoryproxy.catalog.ModelRouting;
import dev.factoryproxy.catalog.ModelsHandler;
import dev.factoryproxy.cluster.ClusterView;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.dashboard.DashboardPage;
import dev.factoryproxy.dashboard.EventsHandler;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.error.ErrorFormat;
import dev.factoryproxy.error.ErrorFormats;
import dev.factoryproxy.error.ErrorHandler;
import dev.factoryproxy.http.InvalidRequestHandler;
import dev.factoryproxy.http.StrictFraming;
import dev.factoryproxy.keys.KeyRegistry;
import dev.factoryproxy.keys.ModelAccessHandler;
import dev.factoryproxy.lifecycle.DrainReport;
import dev.factoryproxy.limits.LimitHandler;
import dev.factoryproxy.limits.LimitState;
import dev.factoryproxy.limits.Limiter;
import dev.factoryproxy.lifecycle.HeaderDeadline;
import dev.factoryproxy.lifecycle.InFlightRequests;
import dev.factoryproxy.metrics.ProxyMetrics;
import dev.factoryproxy.metrics.RequestMetricsHandler;
import dev.factoryproxy.route.AccessLogHandler;
import dev.factoryproxy.route.BoundedBodyHandler;
import dev.factoryproxy.route.ClientAuthHandler;
import dev.factoryproxy.route.HealthHandler;
import dev.factoryproxy.route.InfoHandler;
import dev.factoryproxy.route.JsonBodyHandler;
import dev.factoryproxy.route.RequestHygieneHandler;
import dev.factoryproxy.stream.DeadlineSweeper;
import dev.factoryproxy.tokens.TokenPool;
import dev.factoryproxy.translate.CountTokensHandler;
import dev.factoryproxy.translate.Formats;
import dev.factoryproxy.translate.TokenEstimator;
import dev.factoryproxy.translate.TranslateRequest;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.upstream.ForwardHandler;
import dev.factoryproxy.upstream.UpstreamClient;
import dev.factoryproxy.upstream.Upstreams;
import dev.factoryproxy.usage.AskChatUsage;
import dev.factoryproxy.usage.UsageHandler;
import dev.factoryproxy.usage.UsageLedger;
import dev.factoryproxy.usage.UsageObservers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One event loop's proxy: an HTTP server, the Router that is the request pipeline, and the
 * HTTP client that reaches Factory AI. {@link MainVerticle} deploys one per core; they share
 * the listening port and nothing else.
 */
public final class ProxyVerticle extends VerticleBase {

  /** Method, two spaces and {@code HTTP/1.1} around the request target, generously. */
  private static final int REQUEST_LINE_OVERHEAD = 64;

  /** How long {@link #stop()} waits, after the drain, for the last requests to report their end. */
  private static final long SETTLE_MILLIS = 1000;

  private final ProxySettings settings;
  /** Given by {@link MainVerticle} (one watcher for all event loops), or started here. */
  private KeyRegistry keys;
  private boolean ownKeys;
  /** Given by {@link MainVerticle} (one pool for all event loops, so in-flight counts and states are the process's), or started here. */
  private TokenPool tokens;
  private boolean ownTokens;
  /** Given by {@link MainVerticle} (one registry for the process), or made here. */
  private ProxyMetrics metrics;
  private EventsHandler events;
  private HttpClientAgent client;
  private DeadlineSweeper sweeper;
  private HttpServer server;
  private final InFlightRequests inFlight = InFlightRequests.create();
  private final Formats formats = new Formats();
  private final Future<TokenEstimator> estimator;
  private volatile DrainReport drainReport = DrainReport.NONE;

  /**
   * @param estimator the local token counter, shared by every verticle: its encoding takes seconds
   *     and tens of MiB to load, so it is loaded once, off the event loops, while the proxy serves
   */
  public ProxyVerticle(ProxySettings settings, Future<TokenEstimator> estimator) {
    this(settings, estimator, null);
  }

  /** @param keys the client keys in force, kept current by their owner; {@code null} to read them here */
  public ProxyVerticle(ProxySettings settings, Future<TokenEstimator> estimator, KeyRegistry keys) {
    this(settings, estimator, keys, null);
  }

  /** @param tokens the upstream token pool, kept by its owner; {@code null} to start one here */
  public ProxyVerticle(ProxySettings settings, Future<TokenEstimator> estimator, KeyRegistry keys, TokenPool tokens) {
    this(settings, estimator, keys, tokens, null);
  }

  /** @param metrics the process's metrics, kept by its owner; {@code null} to make them here */
  public ProxyVerticle(ProxySettings settings, Future<TokenEstimator> estimator, KeyRegistry keys, TokenPool tokens,
                       ProxyMetrics metrics) {
    this.settings = settings;
    this.estimator = estimator;
    this.keys = keys;
    this.tokens = tokens;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Future<Void> keysReady = Future.succeededFuture();
    if (keys == null) {
      ownKeys = true;
      keysReady = KeyRegistry.start(vertx, settings.access(), settings.clientKeys(), KeyRegistry.DEFAULT_POLL_MILLIS)
          .onSuccess(registry -> keys = registry).mapEmpty();
    }
    return keysReady.compose(v -> {
      if (tokens != null) {
        return Future.succeededFuture();
      }
      ownTokens = true;
      return TokenPool.start(vertx, settings.tokens()).onSuccess(pool -> tokens = pool).mapEmpty();
    }).compose(v -> serve());
  }

  private Future<?> serve() {
    if (metrics == null) {
      metrics = ProxyMetrics.create(settings, tokens);
    }
    client = UpstreamClient.create(vertx, settings);
    sweeper = DeadlineSweeper.start(vertx, Stream.of(settings.headerTimeout(), settings.bodyTimeout(),
        settings.responseTimeout(), settings.streamIdleTimeout()).mapToLong(Duration::toMillis).min().orElseThrow());
    HeaderDeadline headerDeadline = HeaderDeadline.create(sweeper, settings.headerTimeout());
    HttpServerOptions options = serverOptions(settings);
    Handler<HttpConnection> strictFraming = StrictFraming.connectionHandler(options);
    return vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          strictFraming.handle(connection);
          headerDeadline.connected(connection);
        })
        .invalidRequestHandler(InvalidRequestHandler.create(settings))
        .requestHandler(router(client, headerDeadline))
        .listen(settings.port(), settings.host())
        .recover(err -> Future.failedFuture(new StartupException(
            "cannot listen on " + settings.host() + ":" + settings.port() + ": " + err.getMessage())))
        .onSuccess(s -> server = s);
  }

  /**
   * Graceful shutdown (Vert.x calls this when it closes, e.g. on SIGTERM): the listening socket
   * closes at once, idle connections are closed, and requests in flight get up to
   * {@code SHUTDOWN_TIMEOUT} to finish, each connection closing after its response. At the
   * deadline Vert.x closes what is left: a stream still running ends without its last chunk, a
   * visible cut, and the cut resets its upstream request. Only then does the upstream client go.
   */
  @Override
  public Future<?> stop() {
    inFlight.draining();
    if (events != null) {
      events.close();
    }
    Future<Void> drained = server == null ? Future.succeededFuture()
        : server.shutdown(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    return drained.eventually(this::settled).eventually(() -> {
      drainReport = inFlight.report();
      if (ownKeys && keys != null) {
        keys.stop();
      }
      if (ownTokens && tokens != null) {
        tokens.close();
      }
      if (sweeper != null) {
        sweeper.stop();
      }
      return client == null ? Future.succeededFuture() : client.close();
    });
  }

  /**
   * Every connection is closed by now, and the end of each request follows within moments; a
   * bound keeps a request whose end is never reported from holding up the exit.
   */
  private Future<Void> settled() {
    Promise<Void> settled = Promise.promise();
    long timer = vertx.setTimer(SETTLE_MILLIS, id -> settled.tryComplete());
    inFlight.settled().onComplete(v -> {
      vertx.cancelTimer(timer);
      settled.tryComplete();
    });
    return settled.future();
  }

  /** What the last {@link #stop()} did with the requests in flight; {@link DrainReport#NONE} before. */
  public DrainReport drainReport() {
    return drainReport;
  }

  /** The port actually bound, which differs from the setting when that is 0. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  /**
   * The pipeline, in the order a request meets it: the connection's header deadline pauses and
   * the request counts as in flight (both until its response ends), access log, request target
   * check, then either the proxy's own endpoints ({@code /admin/*} behind its own auth) or, for a
   * proxied route: client auth, body limit, JSON check (which also notes the session key the
   * upstream token sticks to), model routing (the catalog: which
   * upstream, and whether the request is translated), the key's model allow-list, its limits
   * (concurrency, rpm, tpm and daily tokens), usage recording, request translation, and the
   * forwarder (which takes an upstream token per attempt, retries before the first byte of the
   * answer, and translates the answer back). Failures on a route are answered in
   * that route's error format. (A request the decoder refused never gets here: see
   * {@link InvalidRequestHandler}.)
   */
  private Router router(HttpClient client, HeaderDeadline headerDeadline) {
    Router router = Router.router(vertx);
    // The stages every request meets, on one route: the Router steps through them without
    // matching a route again for each.
    router.route()
        .handler(headerDeadline)
        .handler(inFlight)
        .handler(AccessLogHandler.create())
        .handler(RequestMetricsHandler.create(metrics, settings.serverTiming()))
        .handler(RequestHygieneHandler.create(settings.maxUriLength()));
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(InfoHandler.create(settings));
    router.route("/health").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(HealthHandler.create(settings, tokens));
    router.route("/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(HealthHandler.ready(settings, tokens));

    Clock clock = Clock.systemUTC();
    Limiter limiter = new Limiter(LimitState.of(vertx.sharedData()), clock, ClusterView.nodeId(vertx));
    UsageLedger ledger = new UsageLedger(vertx.sharedData(), clock);
    AdminHandler admin = AdminHandler.create(keys, limiter, ledger);
    AdminAuthHandler adminAuth = AdminAuthHandler.create(settings.access().adminKey());
    router.route("/admin/*").handler(adminAuth)
        .failureHandler(ErrorHandler.create(ctx -> ErrorFormat.OPENAI));
    router.get("/metrics").handler(adminAuth).handler(PrometheusScrapingHandler.create(metrics.registry()))
        .failureHandler(ErrorHandler.create(ctx -> ErrorFormat.OPENAI));
    router.get("/admin/usage").handler(admin::usage);
    router.get("/admin/keys").handler(admin::keys);
    events = EventsHandler.create(metrics.feed(), metrics, tokens, admin, ClusterView.nodeId(vertx));
    router.get("/admin/events").handler(events);
    router.get("/dashboard").handler(DashboardPage.create());

    ClientAuthHandler auth = ClientAuthHandler.create(keys, clock);
    ModelAccessHandler access = ModelAccessHandler.create(keys);
    UsageHandler usage = UsageHandler.create(ledger, limiter);
    AskChatUsage askChatUsage = AskChatUsage.create(settings.access().chatStreamUsage());
    BoundedBodyHandler body = BoundedBodyHandler.create(settings.maxBodyBytes(), sweeper, settings.bodyTimeout());
    JsonBodyHandler json = JsonBodyHandler.create(new JsonBodyScanner(settings.maxBodyBytes()));
    Upstreams upstreams = new Upstreams(settings);
    for (RouteSpec route : settings.routes()) {
      ErrorHandler errors = ErrorHandler.create(route);
      ModelRouting models = ModelRouting.create(settings.catalog(), route, upstreams);
      TranslateRequest translate = TranslateRequest.create(route, formats, settings.reasoningBudgets(), estimator,
          clock);
      ForwardHandler forward = ForwardHandler.create(client, sweeper, settings, route, upstreams, formats,
          UsageObservers.standard(), tokens);
      for (String path : route.paths()) {
        router.post(path)
            .handler(auth)
            .handler(body)
            .handler(json)
            .handler(models)
            .handler(access)
            .handler(LimitHandler.create(limiter, route.errorFormat(), clock))
            .handler(usage)
            .handler(askChatUsage)
            .handler(translate)
            .handler(forward)
            .failureHandler(errors);
      }
    }
    mountModelEndpoints(router, auth, body, json, upstreams);

    ErrorHandler unrouted = ErrorHandler.create(ErrorFormats.byPathPrefix(settings.routes()));
    router.errorHandler(404, unrouted);
    router.errorHandler(405, unrouted);
    // A failure no route's handler took, such as a refused request target on an unknown path.
    router.errorHandler(500, unrouted);
    return router;
  }

  /**
   * The model catalog as clients ask for it: {@code /v1/models} (OpenAI's shape, or Anthropic's
   * for a request with {@code anthropic-version}) and {@code /v1/messages/count_tokens}.
   */
  private void mountModelEndpoints(Router router, ClientAuthHandler auth, BoundedBodyHandler body,
                                   JsonBodyHandler json, Upstreams upstreams) {
    ModelsHandler models = ModelsHandler.create(settings.catalog());
    ErrorHandler modelErrors = ErrorHandler.create(ModelsHandler::errorFormat);
    for (String path : List.of("/v1/models", "/v1/models/:" + ModelsHandler.ID_PARAM)) {
      router.get(path).handler(auth).handler(models).failureHandler(modelErrors);
    }
    RouteSpec messages = settings.routes().stream().filter(r -> r.api() == WireApi.MESSAGES).findFirst().orElse(null);
    if (messages != null) {
      router.post(CountTokensHandler.PATH)
          .handler(auth)
          .handler(body)
          .handler(json)
          .handler(CountTokensHandler.create(client, settings, upstreams.forRoute(messages), upstreams::forModel,
              formats, estimator, Clock.systemUTC(), tokens))
          .failureHandler(ErrorHandler.create(messages));
    }
  }

  private static HttpServerOptions serverOptions(ProxySettings settings) {
    return new HttpServerOptions()
        // HTTP/1.1 only. With cleartext HTTP/2 on, Vert.x holds a connection back until its first
        // request head is complete (it might ask to upgrade), so HEADER_TIMEOUT could not start at
        // the connection's opening; and an h2c upgrade through a gateway is a known smuggling trick.
        // The SDKs speak HTTP/1.1 to an http:// base URL. Strict framing also needs the HTTP/1
        // decoder in place before the first byte (see StrictFraming).
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(false)
        .setTcpNoDelay(true)
        .setMaxHeaderSize(settings.maxHeaderBytes())
        // The request line is the method, the target and the version: room for the longest
        // method besides the target; the target's own limit is checked exactly by the hygiene stage.
        .setMaxInitialLineLength(settings.maxUriLength() + REQUEST_LINE_OVERHEAD);
  }
}
