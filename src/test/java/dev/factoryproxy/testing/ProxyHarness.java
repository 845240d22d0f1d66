package dev.factoryproxy.testing;

import dev.factoryproxy.ProxyVerticle;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.SettingsReader;
import dev.factoryproxy.tokens.TokenFetcher;
import dev.factoryproxy.tokens.TokenPool;
import dev.factoryproxy.tokens.TokenStates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A real proxy on a loopback port, forwarding to a {@link MockFactory}: the shipped route table
 * from {@code conf/config.json}, a test token, and whatever settings a test overrides.
 */
public final class ProxyHarness implements AutoCloseable {

  /** The {@link Canary}: found anywhere a client or a log can see, it fails the test. */
  public static final String TOKEN = Canary.TOKEN;
  /** How often a test's token pool re-reads its files: quick, so a test waits little for a rotation. */
  public static final long TOKEN_POLL_MILLIS = 50;

  private final Vertx vertx;
  private final MockFactory upstream;
  private final String deploymentId;
  private final int port;
  private final HttpClient client;
  private final TokenPool tokens;

  private ProxyHarness(Vertx vertx, MockFactory upstream, ProxySettings settings, Clock tokenClock) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.tokens = tokenClock == null ? null : Await.result(TokenPool.start(vertx, settings.tokens(), tokenClock,
        TokenStates.local(), TokenFetcher.direct(), TOKEN_POLL_MILLIS));
    ProxyVerticle verticle = new ProxyVerticle(settings, SharedEstimator.get(), null, tokens);
    this.deploymentId = Await.result(vertx.deployVerticle(verticle));
    this.port = verticle.actualPort();
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port))
        .with(new PoolOptions().setHttp1MaxSize(64))
        .withConnectHandler(CanaryWireTap::install)
        .build();
  }

  public static ProxyHarness start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  /** @param overrides settings by name, e.g. {@code {"RESPONSE_TIMEOUT": "300ms"}} */
  public static ProxyHarness start(Vertx vertx, JsonObject overrides) {
    return start(vertx, overrides, null);
  }

  /**
   * @param tokenClock the upstream token pool's clock, which the test moves by hand; its files are
   *     re-read every {@value #TOKEN_POLL_MILLIS} ms. {@code null}: the proxy's own pool
   */
  public static ProxyHarness start(Vertx vertx, JsonObject overrides, Clock tokenClock) {
    MockFactory upstream = MockFactory.start(vertx);
    JsonObject config = shippedConfig()
        .put("FACTORY_AI_TOKEN", TOKEN)
        .put("FACTORY_BASE_URL", upstream.baseUrl())
        .put("PORT", 0)
        // Undeploying at the end of a test closes at once, as before graceful shutdown existed,
        // rather than wait for requests a test left open.
        .put("SHUTDOWN_TIMEOUT", "0")
        .mergeIn(overrides);
    return new ProxyHarness(vertx, upstream, SettingsReader.read(config), tokenClock);
  }

  public static JsonObject shippedConfig() {
    try {
      return new JsonObject(Files.readString(Path.of("conf/config.json")));
    } catch (IOException e) {
      throw new IllegalStateException("tests run from the project directory", e);
    }
  }

  /** The token pool the test started ({@link #start(Vertx, JsonObject, Clock)}), or null. */
  public TokenPool tokens() {
    return tokens;
  }

  public MockFactory upstream() {
    return upstream;
  }

  public int port() {
    return port;
  }

  /** A client pointed at the proxy; every byte it receives is checked for the {@link Canary}. */
  public HttpClient client() {
    return client;
  }

  @Override
  public void close() {
    Await.result(client.close());
    Await.result(vertx.undeploy(deploymentId));
    if (tokens != null) {
      tokens.close();
    }
    upstream.close();
  }
}
