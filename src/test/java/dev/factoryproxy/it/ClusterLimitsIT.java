package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two real clustered JVMs ({@code java -jar factory-proxy.jar -cluster}, configured by the
 * CLUSTER_* settings alone) in front of one mock Factory share every key's limits: what one
 * member admits counts on the other, and a member that dies takes no counts with it. One pair
 * serves every test (starting a pair costs seconds on a loaded machine); each test has its own
 * keys, and the one that kills a member runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterLimitsIT extends ProcessTestSupport {

  private static final String STALL = "gpt-stall";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ProxyProcess> members = new ArrayList<>();
  private Path dir;
  private Vertx vertx;
  private MockFactory upstream;
  private ProxyProcess a;
  private ProxyProcess b;
  private int portA;
  private int portB;

  @BeforeAll
  void startTwoMembers() throws Exception {
    // The inherited @TempDir is made per test method; this pair outlives them.
    dir = Files.createTempDirectory("fp-cluster-limits-it");
    vertx = Vertx.vertx();
    upstream = MockFactory.start(vertx);
    // Streams for the stalling model never end by themselves; the rest answer with usage.
    upstream.reply(request -> request.body().toString().contains(STALL)
        ? Reply.sseThenStall(List.of("event: response.created\ndata: {\"type\":\"response.created\"}\n\n"))
        : Reply.json("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[],"
            + "\"usage\":{\"input_tokens\":700,\"output_tokens\":500,\"total_tokens\":1200}}"));
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, new JsonObject().put("keys", new JsonArray()
        .add(key("warm", Map.of("rpm", 100_000, "tpm", 100_000_000, "concurrency", 1000)))
        .add(key("rpm10", Map.of("rpm", 10)))
        .add(key("conc2", Map.of("concurrency", 2)))
        .add(key("tpm1000", Map.of("tpm", 1000)))
        .add(key("survivor", Map.of("rpm", 2)))
        .add(key("held", Map.of("concurrency", 1)))).encode());
    String clusterName = "fp-limits-it-" + UUID.randomUUID();
    int[] ports = ProxyProcess.freePorts(2);
    String list = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    a = member("a", clusterName, ports[0], list, keys);
    b = member("b", clusterName, ports[1], list, keys);
    portA = a.awaitListening(Duration.ofSeconds(60));
    portB = b.awaitListening(Duration.ofSeconds(60));
    Duration merge = Duration.ofSeconds(40);
    Predicate<JsonObject> two = info -> info.getJsonObject("cluster") != null
        && Integer.valueOf(2).equals(info.getJsonObject("cluster").getInteger("members"));
    http.awaitInfo(a, portA, merge, "\"members\":2 on GET /", two);
    http.awaitInfo(b, portB, merge, "\"members\":2 on GET /", two);
    // The first requests through each member create its Hazelcast proxies: not part of any count.
    for (int port : new int[] {portA, portB, portA, portB}) {
      assertThat(post(port, "warm", "gpt-it").statusCode()).isEqualTo(200);
    }
  }

  private ProxyProcess member(String name, String clusterName, int clusterPort, String list, Path keys) {
    Path work = dir.resolve(name);
    ProxyProcess process = ProxyProcess.jar(work)
        .env("FACTORY_AI_TOKEN", Canary.variant("limits-" + name))
        .env("FACTORY_BASE_URL", upstream.baseUrl())
        .env("PORT", "0")
        .env("KEYS_FILE", keys.toString())
        .env("CLUSTER_NAME", clusterName)
        .env("CLUSTER_HOST", "127.0.0.1")
        .env("CLUSTER_PORT", Integer.toString(clusterPort))
        .env("CLUSTER_MEMBERS", list)
        // Join sooner than Hazelcast's defaults, and notice a killed member within seconds.
        .jvmFlag("-Dhazelcast.wait.seconds.before.join=1")
        .jvmFlag("-Dhazelcast.max.wait.seconds.before.join=3")
        .jvmFlag("-Dhazelcast.heartbeat.interval.seconds=1")
        .jvmFlag("-Dhazelcast.max.no.heartbeat.seconds=8")
        .args("-cluster")
        .start();
    members.add(process);
    return process;
  }

  @AfterAll
  void stopAll() {
    members.forEach(ProxyProcess::close);
    for (ProxyProcess process : members) {
      Canary.inspect("the output of a clustered proxy", process.output());
      assertThat(process.output()).as("Netty leak reports").doesNotContain("LEAK:");
    }
    if (upstream != null) {
      upstream.close();
    }
    if (vertx != null) {
      vertx.close();
    }
    deleteTree(dir);
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is no reason to fail the test
    }
  }

  @Test
  @Order(1)
  void thirtyRequestsAlternatingBetweenMembersLetExactlyTheRpmThrough() throws Exception {
    upstream.forgetRequests();
    long began = System.nanoTime();
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      answers.add(post(i % 2 == 0 ? portA : portB, "rpm10", "gpt-it"));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    // GCRA refills one request per 6 s at rpm 10: the count is exact only if the burst is faster.
    assertThat(millis).as("30 requests took %d ms, longer than one refill (6 s)", millis).isLessThan(6000);
    List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
    assertThat(answers.stream().filter(r -> r.statusCode() == 200)).hasSize(10);
    assertThat(refused).hasSize(20);
    assertThat(upstream.requests()).hasSize(10);
    for (HttpResponse<String> response : refused) {
      assertRateLimited(response, "requests");
      assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("10");
    }
    System.out.printf("ClusterLimitsIT: rpm 10, 30 requests alternating A/B in %d ms: %d reached the mock, "
        + "%d got 429%n", millis, upstream.requests().size(), refused.size());
  }

  @Test
  @Order(2)
  void fiveSimultaneousStreamsAcrossMembersLetTheConcurrencyThrough() throws Exception {
    List<CompletableFuture<HttpResponse<InputStream>>> pending = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pending.add(client.sendAsync(request(i % 2 == 0 ? portA : portB, "conc2", STALL, true),
          HttpResponse.BodyHandlers.ofInputStream()));
    }
    List<HttpResponse<InputStream>> streaming = new ArrayList<>();
    int refused = 0;
    for (CompletableFuture<HttpResponse<InputStream>> future : pending) {
      HttpResponse<InputStream> response = future.get(60, TimeUnit.SECONDS);
      if (response.statusCode() == 200) {
        streaming.add(response);
      } else {
        String body;
        try (InputStream in = response.body()) {
          body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(response.statusCode()).as(body).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        assertThat(new JsonObject(body).getJsonObject("error").getString("code")).isEqualTo("rate_limit_exceeded");
        refused++;
      }
    }
    for (HttpResponse<InputStream> response : streaming) {
      response.body().close();
    }
    assertThat(streaming).hasSize(2);
    assertThat(refused).isEqualTo(3);
    System.out.printf("ClusterLimitsIT: concurrency 2, 5 simultaneous streams over A/B: %d streamed, %d got 429%n",
        streaming.size(), refused);
  }

  @Test
  @Order(3)
  void aTokensPerMinuteLimitTripsOnTheUsageTheMockReported() throws Exception {
    assertThat(post(portA, "tpm1000", "gpt-it").statusCode()).isEqualTo(200);
    // The usage (1200 tokens) is charged once the answer reported it: wait until member B sees it.
    awaitKey(portB, "tpm1000", w -> w.getLong("tokens_today", 0L) >= 1200);
    HttpResponse<String> refused = post(portB, "tpm1000", "gpt-it");
    assertRateLimited(refused, "tokens");
    assertThat(refused.headers().firstValue("x-ratelimit-limit-tokens")).hasValue("1000");
    assertThat(refused.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("0");
    // The usage row A wrote is a record in the cluster's map: B reads it back whole.
    // It is written when A's exchange ends, beside the charge B saw: wait for it the same way.
    JsonObject[] usage = new JsonObject[1];
    boolean recorded = Await.until(() -> {
      try {
        usage[0] = new JsonObject(http.get(portB, "/admin/usage?key=tpm1000").body());
        return !usage[0].getJsonArray("usage").isEmpty();
      } catch (IOException e) {
        return false;
      }
    }, Duration.ofSeconds(30));
    assertThat(recorded).as("usage row on B; last: %s", usage[0]).isTrue();
    assertThat(usage[0].getJsonArray("usage")).hasSize(1);
    JsonObject row = usage[0].getJsonArray("usage").getJsonObject(0);
    assertThat(row.getLong("requests")).isEqualTo(1L);
    assertThat(row.getLong("input_tokens")).isEqualTo(700L);
    assertThat(row.getLong("output_tokens")).isEqualTo(500L);
    System.out.printf("ClusterLimitsIT: tpm 1000, 1200 tokens reported through A: B answered %d, Retry-After %s%n",
        refused.statusCode(), refused.headers().firstValue("retry-after").orElse("?"));
  }

  @Test
  @Order(4)
  void aKilledMemberTakesNoCountsWithItAndItsStreamsAreReleased() throws Exception {
    HttpResponse<InputStream> held = client.send(request(portA, "held", STALL, true),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(held.statusCode()).isEqualTo(200);
    assertThat(post(portB, "held", "gpt-it").statusCode()).as("the stream on A counts on B").isEqualTo(429);
    long began = System.nanoTime();
    assertThat(post(portA, "survivor", "gpt-it").statusCode()).isEqualTo(200);
    assertThat(post(portB, "survivor", "gpt-it").statusCode()).isEqualTo(200);

    a.close();
    held.body().close();
    List<Integer> after = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = post(portB, "survivor", "gpt-it");
      after.add(response.statusCode());
      if (response.statusCode() == 429) {
        assertRateLimited(response, "requests");
      }
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    // rpm 2 refills one request per 30 s: within that, B must refuse everything after A died.
    assertThat(millis).as("the kill and 3 requests took %d ms, longer than one refill (30 s)", millis)
        .isLessThan(30_000);
    assertThat(after).containsExactly(429, 429, 429);

    // Once B has seen A leave, A's stream no longer holds the key's only slot.
    b.awaitOutput("that it released A's stream", Duration.ofSeconds(45),
        out -> out.contains("; 1 of its requests in flight released"));
    assertThat(post(portB, "held", "gpt-it").statusCode())
        .as("a request of the key whose only slot A held, after A died").isEqualTo(200);
    System.out.printf("ClusterLimitsIT: rpm 2, A killed after 2 admitted: B answered %s to the next 3; "
        + "A's stream released on B%n", after);
  }

  /** Polls {@code GET /admin/keys} (loopback needs no admin key) until the key's window satisfies {@code window}. */
  private void awaitKey(int port, String name, Predicate<JsonObject> window) {
    JsonObject[] last = new JsonObject[1];
    boolean reached = Await.until(() -> {
      try {
        HttpResponse<String> response = http.get(port, "/admin/keys");
        for (Object item : new JsonObject(response.body()).getJsonArray("keys")) {
          JsonObject key = (JsonObject) item;
          if (key.getString("name").equals(name)) {
            last[0] = key.getJsonObject("window");
            return window.test(last[0]);
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    }, Duration.ofSeconds(30));
    if (!reached) {
      fail("key " + name + " never reached the expected window; last: " + last[0]);
    }
  }

  private static void assertRateLimited(HttpResponse<String> response, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo(type);
    assertThat(error.getString("code")).isEqualTo("rate_limit_exceeded");
    assertThat(Long.parseLong(response.headers().firstValue("retry-after").orElseThrow())).isPositive();
  }

  private HttpResponse<String> post(int port, String key, String model) throws IOException {
    try {
      HttpResponse<String> response = client.send(request(port, key, model, false), HttpResponse.BodyHandlers.ofString());
      Canary.inspect("a response", response.headers().map() + "\n" + response.body());
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static HttpRequest request(int port, String key, String model, boolean stream) {
    String body = new JsonObject().put("model", model).put("input", "hi").put("stream", stream).encode();
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/responses"))
        .timeout(REQUEST_TIMEOUT)
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + secret(key))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static JsonObject key(String name, Map<String, Object> limits) {
    JsonObject key = new JsonObject().put("name", name).put("key", secret(name));
    limits.forEach(key::put);
    return key;
  }

  private static String secret(String name) {
    return "fp-it-" + name + "-0123456789abcdef";
  }
}
