package dev.factoryproxy.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.factoryproxy.limits.TestClock;
import dev.factoryproxy.route.AccessLogHandler;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Several upstream tokens behind one proxy, against a mock Factory that answers per token (by the
 * Authorization header it receives): failover on 401 and 429, cooldowns on the injected clock, what
 * is retried and what never is, affinity, and {@code /health}. Every token holds the canary, so a
 * value reaching a response or a log fails the test.
 */
class TokenFailoverTest {

  private static final String A = Canary.variant("a");
  private static final String B = Canary.variant("b");
  private static final String C = Canary.variant("c");
  private static final String BODY = "{\"model\":\"gpt-5\",\"input\":\"hi\"}";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.startedByTest();

  private final TestClock clock = new TestClock(T0);
  private final ListAppender<ILoggingEvent> access = new ListAppender<>();

  @BeforeEach
  void captureAccessLog() {
    access.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    access.start();
    ((Logger) LoggerFactory.getLogger(AccessLogHandler.LOGGER)).addAppender(access);
  }

  @AfterEach
  void releaseAccessLog() {
    ((Logger) LoggerFactory.getLogger(AccessLogHandler.LOGGER)).detachAppender(access);
  }

  /** Token a takes (nearly) all the traffic while usable: weight 1000 against 1. */
  private void startWithPreferredA(Map<String, Reply> byToken, JsonObject extra) {
    JsonArray tokens = new JsonArray()
        .add(new JsonObject().put("name", "a").put("token", A).put("weight", 1000))
        .add(new JsonObject().put("name", "b").put("token", B));
    proxy.start(new JsonObject().put("UPSTREAM_TOKENS", tokens.encode()).put("FACTORY_AI_TOKEN", "")
        .mergeIn(extra), clock);
    proxy.upstream().reply(perToken(byToken));
  }

  private static Function<Recorded, Reply> perToken(Map<String, Reply> byToken) {
    return request -> {
      String auth = request.headers().get("authorization");
      for (Map.Entry<String, Reply> e : byToken.entrySet()) {
        if (("Bearer " + e.getKey()).equals(auth)) {
          return e.getValue();
        }
      }
      return WireFormats.defaultReply(request);
    };
  }

  @Test
  void a429MovesTheRequestToAnotherTokenAndCoolsTheFirstForItsRetryAfter() {
    startWithPreferredA(Map.of(A, Reply.json(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("retry-after", "7"))),
        new JsonObject());

    Answer first = post(BODY, MultiMap.caseInsensitiveMultiMap());

    assertThat(first.status()).isEqualTo(200);
    assertThat(tokensSeen()).containsExactly(A, B);
    assertThat(accessField("attempts")).isEqualTo("2");
    assertThat(accessField("token")).isEqualTo("b");
    JsonObject a = health().stream().filter(t -> t.getString("name").equals("a")).findFirst().orElseThrow();
    assertThat(a.getString("state")).isEqualTo("cooling");
    assertThat(a.getString("until")).isEqualTo(T0.plusSeconds(7).toString());

    clock.advance(Duration.ofMillis(6900));
    post(BODY, MultiMap.caseInsensitiveMultiMap());
    assertThat(tokensSeen()).as("still cooling at 6.9 s").containsExactly(A, B, B);

    clock.advance(Duration.ofMillis(200));
    post(BODY, MultiMap.caseInsensitiveMultiMap());
    assertThat(tokensSeen()).as("usable again after 7 s (and limited again, so b serves)").containsExactly(A, B, B, A, B);
  }

  @Test
  void a401DisablesAStaticTokenAndTheOthersServe() {
    startWithPreferredA(Map.of(A, Reply.json(401, "{\"error\":{\"message\":\"bad token\"}}", Map.of())),
        new JsonObject());

    assertThat(post(BODY, MultiMap.caseInsensitiveMultiMap()).status()).isEqualTo(200);
    assertThat(post(BODY, MultiMap.caseInsensitiveMultiMap()).status()).isEqualTo(200);

    assertThat(tokensSeen()).containsExactly(A, B, B);
    JsonObject a = health().get(0);
    assertThat(a.getString("state")).isEqualTo("disabled");
    assertThat(a.getString("reason")).contains("unauthorized");
    clock.advance(Duration.ofDays(1));
    post(BODY, MultiMap.caseInsensitiveMultiMap());
    assertThat(tokensSeen()).as("a static token never comes back by itself").containsExactly(A, B, B, B);
  }

  @Test
  void whenEveryTokenIsCoolingFactorysLast429GoesOutWithTheSoonestRecovery() {
    startWithPreferredA(Map.of(
        A, Reply.json(429, "{\"error\":{\"message\":\"a is limited\"}}", Map.of("retry-after", "30")),
        B, Reply.json(429, "{\"error\":{\"message\":\"b is limited\"}}", Map.of("retry-after", "7"))),
        new JsonObject());

    Answer answer = post(BODY, MultiMap.caseInsensitiveMultiMap());

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.body()).contains("b is limited");
    assertThat(answer.headers().get("retry-after")).isEqualTo("7");
    assertThat(tokensSeen()).containsExactly(A, B);
    assertThat(raw("/health/ready").statusCode()).isEqualTo(503);
    assertThat(raw("/health").statusCode()).isEqualTo(200);

    clock.advance(Duration.ofSeconds(2));
    Answer refused = post(BODY, MultiMap.caseInsensitiveMultiMap());
    assertThat(refused.status()).as("no token to try: the proxy's own 429").isEqualTo(429);
    assertThat(refused.headers().get("retry-after")).isEqualTo("5");
    assertThat(tokensSeen()).as("Factory not asked again").hasSize(2);

    clock.advance(Duration.ofSeconds(5));
    assertThat(raw("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void withOneTokenAnOpenBreakerStillLetsFactorysErrorsThroughRatherThanRefusing() {
    proxy.start(new JsonObject().put("FACTORY_AI_TOKEN", A).put("MAX_RETRIES", 0), clock);
    proxy.upstream().reply(Reply.json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}", Map.of()));

    for (int i = 0; i < 5; i++) {
      assertThat(post(BODY, MultiMap.caseInsensitiveMultiMap()).status()).as("request " + i).isEqualTo(529);
    }

    assertThat(tokensSeen()).hasSize(5);
    assertThat(health().get(0).getString("reason")).startsWith("circuit open");
    assertThat(raw("/health/ready").statusCode()).as("an open breaker alone does not take the member out").isEqualTo(200);
  }

  @Test
  void maxCooldownZeroLetsFactorys429sThroughWithoutTakingTheTokenOut() {
    proxy.start(new JsonObject().put("FACTORY_AI_TOKEN", A).put("MAX_COOLDOWN", "0").put("MAX_RETRIES", 0), clock);
    proxy.upstream().reply(Reply.json(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("retry-after", "7")));

    Answer first = post(BODY, MultiMap.caseInsensitiveMultiMap());
    Answer second = post(BODY, MultiMap.caseInsensitiveMultiMap());

    assertThat(first.status()).isEqualTo(429);
    assertThat(first.headers().get("retry-after")).as("Factory's own, untouched").isEqualTo("7");
    assertThat(second.body()).contains("slow down");
    assertThat(tokensSeen()).as("both reached Factory").hasSize(2);
  }

  @Test
  void a400IsNotRetried() {
    startWithPreferredA(Map.of(A, Reply.json(400, "{\"error\":{\"message\":\"bad request\"}}", Map.of())),
        new JsonObject());

    Answer answer = post(BODY, MultiMap.caseInsensitiveMultiMap());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(tokensSeen()).containsExactly(A);
    assertThat(health().get(0).getString("state")).as("the request was at fault, not the token").isEqualTo("usable");
  }

  @Test
  void aStreamCutMidwayIsNotRetried() {
    startWithPreferredA(Map.of(A, Reply.sseThenDrop(
        List.of("event: response.created\ndata: {\"type\":\"response.created\"}\n\n"), Duration.ofMillis(20))),
        new JsonObject());

    ClientExchange exchange = ClientExchange.post(proxy.client(), "/v1/responses",
        Buffer.buffer("{\"model\":\"gpt-5\",\"input\":\"hi\",\"stream\":true}"), ClientExchange.jsonHeaders());

    assertThat(Await.result(exchange.response()).statusCode()).isEqualTo(200);
    exchange.awaitCut(Duration.ofSeconds(5));
    assertThat(tokensSeen()).containsExactly(A);
  }

  @Test
  void aConnectionClosedWithoutAnAnswerIsRetriedOnAnotherToken() {
    startWithPreferredA(Map.of(A, Reply.closeConnection()), new JsonObject());

    Answer answer = post(BODY, MultiMap.caseInsensitiveMultiMap());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(tokensSeen()).containsExactly(A, B);
  }

  @Test
  void aRefusedConnectionIsRetriedUpToMaxRetries() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    startWithPreferredA(Map.of(), new JsonObject().put("FACTORY_BASE_URL", "http://127.0.0.1:" + closed + "/api/llm")
        .put("MAX_RETRIES", 2));

    Answer answer = post(BODY, MultiMap.caseInsensitiveMultiMap());

    assertThat(answer.status()).isEqualTo(502);
    assertThat(accessField("attempts")).as("the first attempt and two retries").isEqualTo("3");
  }

  @Test
  void affinityHoldsAcrossTwentyRequestsWithOneSessionId() {
    JsonObject settings = new JsonObject().put("FACTORY_AI_TOKEN", A + "," + B + "," + C);
    proxy.start(settings, clock);

    for (int i = 0; i < 20; i++) {
      assertThat(post(BODY, MultiMap.caseInsensitiveMultiMap().add("x-session-id", "session-1")).status())
          .isEqualTo(200);
    }

    assertThat(tokensSeen()).hasSize(20);
    assertThat(tokensSeen().stream().distinct()).as("one session, one token").hasSize(1);
    assertThat(health()).extracting(t -> t.getString("name")).containsExactly("token-1", "token-2", "token-3");
  }

  @Test
  void withoutASessionIdEqualTokensShareTheTraffic() {
    proxy.start(new JsonObject().put("FACTORY_AI_TOKEN", A + "," + B), clock);

    for (int i = 0; i < 20; i++) {
      post(BODY, MultiMap.caseInsensitiveMultiMap());
    }

    assertThat(tokensSeen().stream().distinct()).as("the test of affinity can fail").hasSize(2);
  }

  @Test
  void healthNamesTokensAndNeverShowsAValue() {
    startWithPreferredA(Map.of(), new JsonObject());

    String body = raw("/health").body;

    assertThat(new JsonObject(body).getJsonArray("tokens").encode())
        .isEqualTo("[{\"name\":\"a\",\"state\":\"usable\",\"until\":null,\"reason\":null},"
            + "{\"name\":\"b\",\"state\":\"usable\",\"until\":null,\"reason\":null}]");
    Canary.assertAbsent("/health", body);
  }

  // --- helpers

  record Answer(int status, MultiMap headers, String body) {
  }

  private Answer post(String body, MultiMap headers) {
    MultiMap all = ClientExchange.jsonHeaders().addAll(headers);
    int lines = access.list.size();
    ClientExchange exchange = ClientExchange.post(proxy.client(), "/v1/responses", Buffer.buffer(body), all);
    HttpClientResponse response = Await.result(exchange.response());
    String text = Await.result(exchange.body()).toString(StandardCharsets.UTF_8);
    awaitAccessLines(lines + 1);
    return new Answer(response.statusCode(), response.headers(), text);
  }

  private record Raw(int statusCode, String body) {
  }

  private Raw raw(String path) {
    return Await.result(proxy.client().request(io.vertx.core.http.HttpMethod.GET, path)
        .compose(r -> r.send())
        .compose(response -> response.body().map(b -> new Raw(response.statusCode(), b.toString(StandardCharsets.UTF_8)))));
  }

  private List<JsonObject> health() {
    JsonArray tokens = new JsonObject(raw("/health").body()).getJsonArray("tokens");
    return tokens.stream().map(JsonObject.class::cast).toList();
  }

  private List<String> tokensSeen() {
    return proxy.upstream().requests().stream()
        .map(r -> r.headers().get("authorization").substring("Bearer ".length())).toList();
  }

  private void awaitAccessLines(int count) {
    Await.condition("access log line", Duration.ofSeconds(5), () -> access.list.size() >= count);
  }

  /** A field of the last access log line. */
  private String accessField(String name) {
    String line = access.list.get(access.list.size() - 1).getFormattedMessage();
    for (String field : line.split(" ")) {
      if (field.startsWith(name + "=")) {
        return field.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + " in " + line);
  }
}
