package dev.factoryproxy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.ProxyVerticle;
import dev.factoryproxy.config.SettingsReader;
import dev.factoryproxy.testing.SharedEstimator;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ProxyVerticle#stop()} in process, as Vert.x calls it when it closes: a stream in flight
 * finishes within SHUTDOWN_TIMEOUT, or is cut at once when it is 0, and the drain report counts
 * what happened. (GracefulShutdownIT does the same through SIGTERM to the real jar.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulStopTest {

  private static final long MS = 1_000_000L;
  private Vertx vertx;
  private MockFactory upstream;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    upstream = MockFactory.start(vertx);
  }

  @AfterEach
  void stop() {
    upstream.close();
    Await.result(vertx.close());
  }

  @Test
  void aStreamInFlightFinishesWithinTheShutdownTimeoutAndCountsAsCompleted() {
    List<String> events = events(15);
    upstream.reply(Reply.sse(events, Duration.ofMillis(100)));
    ProxyVerticle proxy = deploy("10s");
    HttpClient client = client(proxy);

    ClientExchange call = ClientExchange.post(client, "/v1/messages", "{\"model\":\"m\",\"stream\":true}");
    upstream.nextRequest();
    Await.result(call.response());
    String id = vertx.deploymentIDs().iterator().next();
    long stopping = System.nanoTime();
    Await.result(vertx.undeploy(id), Duration.ofSeconds(20));
    long stopped = System.nanoTime();

    assertThat(Await.result(call.body()).toString(StandardCharsets.UTF_8)).isEqualTo(String.join("", events));
    assertThat((stopped - stopping) / MS).as("ms the stop waited for the stream").isGreaterThan(500L);
    assertThat(proxy.drainReport()).isEqualTo(new DrainReport(1, 1, 0));
  }

  @Test
  void withAZeroShutdownTimeoutAStreamInFlightIsCutAtOnce() {
    upstream.reply(Reply.sse(events(300), Duration.ofMillis(100)));
    ProxyVerticle proxy = deploy("0");
    HttpClient client = client(proxy);

    ClientExchange call = ClientExchange.post(client, "/v1/messages", "{\"model\":\"m\",\"stream\":true}");
    Recorded request = upstream.nextRequest();
    Await.result(call.response());
    String id = vertx.deploymentIDs().iterator().next();
    long stopping = System.nanoTime();
    Await.result(vertx.undeploy(id), Duration.ofSeconds(10));
    call.awaitCut(Duration.ofSeconds(5));

    assertThat((call.finishedNanos() - stopping) / MS).as("ms from stop to the cut").isLessThan(2000L);
    Await.result(request.closedEarly(), Duration.ofSeconds(5));
    assertThat(proxy.drainReport()).isEqualTo(new DrainReport(1, 0, 1));
  }

  private ProxyVerticle deploy(String shutdownTimeout) {
    JsonObject config = ProxyHarness.shippedConfig()
        .put("FACTORY_AI_TOKEN", ProxyHarness.TOKEN)
        .put("FACTORY_BASE_URL", upstream.baseUrl())
        .put("PORT", 0)
        .put("SHUTDOWN_TIMEOUT", shutdownTimeout);
    ProxyVerticle proxy = new ProxyVerticle(SettingsReader.read(config), SharedEstimator.get());
    Await.result(vertx.deployVerticle(proxy));
    return proxy;
  }

  private HttpClient client(ProxyVerticle proxy) {
    return vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(proxy.actualPort()));
  }

  private static List<String> events(int count) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add("event: ping\ndata: {\"type\":\"ping\",\"n\":" + i + "}\n\n");
    }
    return events;
  }
}
