package dev.factoryproxy.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link ProxyHarness} per test, on a Vert.x instance of its own that is closed after the test:
 * <pre>
 * {@literal @}RegisterExtension
 * final ProxyExtension proxy = ProxyExtension.defaults();
 * </pre>
 * then {@code proxy.client()}, {@code proxy.upstream()}, {@code proxy.port()} as on the harness.
 * {@link #with} overrides settings for every test of the class; {@link #startedByTest()} leaves
 * the start to each test ({@link #start(JsonObject)}), for settings that differ per test.
 */
public final class ProxyExtension implements BeforeEachCallback, AfterEachCallback {

  /** The settings every test starts with; null when each test starts its proxy itself. */
  private final JsonObject overrides;
  private Vertx vertx;
  private ProxyHarness harness;

  private ProxyExtension(JsonObject overrides) {
    this.overrides = overrides;
  }

  /** A proxy with the shipped settings, started before each test. */
  public static ProxyExtension defaults() {
    return with(new JsonObject());
  }

  /** A proxy started before each test with these settings overridden, e.g. {@code {"MAX_BODY_SIZE": "1KiB"}}. */
  public static ProxyExtension with(JsonObject overrides) {
    return new ProxyExtension(overrides);
  }

  /** No proxy until the test calls {@link #start(JsonObject)}; closed after the test all the same. */
  public static ProxyExtension startedByTest() {
    return new ProxyExtension(null);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    vertx = Vertx.vertx();
    if (overrides != null) {
      start(overrides);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (harness != null) {
        harness.close();
      }
    } finally {
      harness = null;
      Vertx closing = vertx;
      vertx = null;
      if (closing != null) {
        Await.result(closing.close());
      }
    }
  }

  /** Starts this test's proxy with the shipped settings. */
  public ProxyHarness start() {
    return start(new JsonObject());
  }

  /** Starts this test's proxy with these settings overridden. */
  public ProxyHarness start(JsonObject overrides) {
    return start(overrides, null);
  }

  /** As {@link #start(JsonObject)}, with the upstream token pool on a clock the test moves by hand. */
  public ProxyHarness start(JsonObject overrides, java.time.Clock tokenClock) {
    if (harness != null) {
      throw new IllegalStateException("this test's proxy is already started");
    }
    harness = ProxyHarness.start(vertx(), overrides, tokenClock);
    return harness;
  }

  private ProxyHarness harness() {
    if (harness == null) {
      throw new IllegalStateException("no proxy started for this test");
    }
    return harness;
  }

  public MockFactory upstream() {
    return harness().upstream();
  }

  public int port() {
    return harness().port();
  }

  /** A client pointed at the proxy. */
  public HttpClient client() {
    return harness().client();
  }

  /** This test's Vert.x instance, for another proxy or server beside this one. */
  public Vertx vertx() {
    if (vertx == null) {
      throw new IllegalStateException("only during a test");
    }
    return vertx;
  }
}
