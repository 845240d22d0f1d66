package dev.factoryproxy.testing;

import dev.factoryproxy.ProxyVerticle;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.SettingsReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real proxy on a loopback port, forwarding to a {@link MockFactory}: the shipped route table
 * from {@code conf/config.json}, a test token, and whatever settings a test overrides.
 */
public final class ProxyHarness implements AutoCloseable {

  /** The {@link Canary}: found anywhere a client or a log can see, it fails the test. */
  public static final String TOKEN = Canary.TOKEN;

  private final Vertx vertx;
  private final MockFactory upstream;
  private final String deploymentId;
  private final int port;
  private final HttpClient client;

  private ProxyHarness(Vertx vertx, MockFactory upstream, ProxySettings settings) {
    this.vertx = vertx;
    this.upstream = upstream;
    ProxyVerticle verticle = new ProxyVerticle(settings, SharedEstimator.get());
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
    MockFactory upstream = MockFactory.start(vertx);
    JsonObject config = shippedConfig()
        .put("FACTORY_AI_TOKEN", TOKEN)
        .put("FACTORY_BASE_URL", upstream.baseUrl())
        .put("PORT", 0)
        // Undeploying at the end of a test closes at once, as before graceful shutdown existed,
        // rather than wait for requests a test left open.
        .put("SHUTDOWN_TIMEOUT", "0")
        .mergeIn(overrides);
    return new ProxyHarness(vertx, upstream, SettingsReader.read(config));
  }

  public static JsonObject shippedConfig() {
    try {
      return new JsonObject(Files.readString(Path.of("conf/config.json")));
    } catch (IOException e) {
      throw new IllegalStateException("tests run from the project directory", e);
    }
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
    upstream.close();
  }
}
