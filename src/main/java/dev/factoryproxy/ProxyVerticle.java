package dev.factoryproxy;

import dev.factoryproxy.body.JsonBodyScanner;
import dev.factoryproxy.body.ModelAliases;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.error.ErrorFormats;
import dev.factoryproxy.error.ErrorHandler;
import dev.factoryproxy.http.InvalidRequestHandler;
import dev.factoryproxy.http.StrictFraming;
import dev.factoryproxy.route.AccessLogHandler;
import dev.factoryproxy.route.BoundedBodyHandler;
import dev.factoryproxy.route.ClientAuthHandler;
import dev.factoryproxy.route.HealthHandler;
import dev.factoryproxy.route.InfoHandler;
import dev.factoryproxy.route.JsonBodyHandler;
import dev.factoryproxy.route.RequestHygieneHandler;
import dev.factoryproxy.stream.DeadlineSweeper;
import dev.factoryproxy.upstream.ForwardHandler;
import dev.factoryproxy.upstream.UpstreamClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * One event loop's proxy: an HTTP server, the Router that is the request pipeline, and the
 * HTTP client that reaches Factory AI. {@link MainVerticle} deploys one per core; they share
 * the listening port and nothing else.
 */
public final class ProxyVerticle extends VerticleBase {

  /** Method, two spaces and {@code HTTP/1.1} around the request target, generously. */
  private static final int REQUEST_LINE_OVERHEAD = 64;

  private final ProxySettings settings;
  private HttpClientAgent client;
  private DeadlineSweeper sweeper;
  private HttpServer server;

  public ProxyVerticle(ProxySettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    client = UpstreamClient.create(vertx, settings);
    sweeper = DeadlineSweeper.start(vertx,
        Math.min(settings.responseTimeout().toMillis(), settings.streamIdleTimeout().toMillis()));
    HttpServerOptions options = serverOptions(settings);
    Router router = router(client);
    return vertx.createHttpServer(options)
        .connectionHandler(StrictFraming.connectionHandler(options))
        .invalidRequestHandler(InvalidRequestHandler.create(settings))
        .requestHandler(router)
        .listen(settings.port(), settings.host())
        .recover(err -> Future.failedFuture(new StartupException(
            "cannot listen on " + settings.host() + ":" + settings.port() + ": " + err.getMessage())))
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    if (sweeper != null) {
      sweeper.stop();
    }
    return client == null ? Future.succeededFuture() : client.close();
  }

  /** The port actually bound, which differs from the setting when that is 0. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  /**
   * The pipeline, in the order a request meets it: access log, request target check, then
   * either the proxy's own endpoints or, for a proxied route, client auth, body limit, JSON
   * check and model aliases, and the forwarder. Failures on a route are answered in that
   * route's error format. (A request the decoder refused never gets here: see
   * {@link InvalidRequestHandler}.)
   */
  private Router router(HttpClient client) {
    Router router = Router.router(vertx);
    router.route().handler(AccessLogHandler.create());
    router.route().handler(RequestHygieneHandler.create(settings.maxUriLength()));
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(InfoHandler.create(settings));
    router.route("/health").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(HealthHandler.create(settings));

    ClientAuthHandler auth = ClientAuthHandler.create(settings.clientKeys());
    BoundedBodyHandler body = BoundedBodyHandler.create(settings.maxBodyBytes());
    JsonBodyHandler json = JsonBodyHandler.create(
        new JsonBodyScanner(settings.maxBodyBytes()), new ModelAliases(settings.modelAliases()));
    for (RouteSpec route : settings.routes()) {
      ForwardHandler forward = ForwardHandler.create(client, sweeper, settings, route);
      ErrorHandler errors = ErrorHandler.create(route);
      for (String path : route.paths()) {
        router.post(path)
            .handler(auth)
            .handler(body)
            .handler(json)
            .handler(forward)
            .failureHandler(errors);
      }
    }

    ErrorHandler unrouted = ErrorHandler.create(ErrorFormats.byPathPrefix(settings.routes()));
    router.errorHandler(404, unrouted);
    router.errorHandler(405, unrouted);
    // A failure no route's handler took, such as a refused request target on an unknown path.
    router.errorHandler(500, unrouted);
    return router;
  }

  private static HttpServerOptions serverOptions(ProxySettings settings) {
    return new HttpServerOptions()
        .setCompressionSupported(false)
        .setTcpNoDelay(true)
        // No client speaks h2c to an LLM gateway, and strict framing needs the HTTP/1 decoder
        // in place before the first byte (see StrictFraming).
        .setHttp2ClearTextEnabled(false)
        .setMaxHeaderSize(settings.maxHeaderBytes())
        // The request line is the method, the target and the version: room for the longest
        // method besides the target; the target's own limit is checked exactly by the hygiene stage.
        .setMaxInitialLineLength(settings.maxUriLength() + REQUEST_LINE_OVERHEAD);
  }
}
