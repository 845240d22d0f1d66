package dev.factoryproxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.RawHttp;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The access log, read through a real logback appender attached to its logger. */
@ExtendWith(VertxExtension.class)
class AccessLogTest {

  private static final String KEY = "ck-accesslog-5e2b";
  private static final String BODY = "{\"model\":\"claude-x\",\"max_tokens\":5}";

  private ProxyHarness proxy;
  private ListAppender<ILoggingEvent> access;
  private ListAppender<ILoggingEvent> everything;

  record Result(int status, MultiMap headers, Buffer body) {
  }

  @BeforeEach
  void start(Vertx vertx) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    access = new ListAppender<>();
    access.setContext(context);
    access.start();
    ((Logger) LoggerFactory.getLogger(AccessLogHandler.LOGGER)).addAppender(access);
    everything = new ListAppender<>();
    everything.setContext(context);
    everything.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(everything);
    proxy = ProxyHarness.start(vertx, new JsonObject().put("PROXY_API_KEYS", KEY));
  }

  @AfterEach
  void stop() {
    proxy.close();
    ((Logger) LoggerFactory.getLogger(AccessLogHandler.LOGGER)).detachAppender(access);
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(everything);
    access.stop();
    everything.stop();
  }

  // ---- helpers -----------------------------------------------------------------------------

  private Result call(HttpMethod method, String uri, byte[] body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return Await.result(proxy.client().request(options)
        .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body)))
            .compose(resp -> resp.body().map(b -> new Result(resp.statusCode(), resp.headers(), b)))));
  }

  private Result post(String uri, String body, String... headers) {
    return call(HttpMethod.POST, uri, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private static List<String> lines(ListAppender<ILoggingEvent> appender) {
    // AppenderBase.doAppend holds the appender's lock while it adds to the list.
    synchronized (appender) {
      List<String> lines = new ArrayList<>();
      for (ILoggingEvent event : appender.list) {
        lines.add(event.getFormattedMessage()
            + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy())));
      }
      return lines;
    }
  }

  /** The access lines for one request id, once at least one is there (the log is written at response end). */
  private List<Map<String, String>> linesFor(String id) {
    Predicate<Map<String, String>> ours = fields -> id.equals(fields.get("id"));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      List<Map<String, String>> found = lines(access).stream().map(AccessLogTest::logfmt).filter(ours).toList();
      if (!found.isEmpty()) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no access log line for id=" + id + " within 5 s; lines: " + lines(access));
      }
      LockSupport.parkNanos(2_000_000);
    }
  }

  private Map<String, String> lineFor(String id) {
    List<Map<String, String>> found = linesFor(id);
    assertThat(found).as("access lines for %s", id).hasSize(1);
    return found.get(0);
  }

  /**
   * Parses one logfmt line strictly: {@code key=value} pairs separated by one space, a value
   * bare or double-quoted with {@code \"}, {@code \\} and {@code \\uXXXX} escapes. A repeated
   * key or stray text fails, so a forged field cannot hide.
   */
  static Map<String, String> logfmt(String line) {
    assertThat(line).as("an access line is one line").doesNotContain("\n").doesNotContain("\r");
    Map<String, String> fields = new LinkedHashMap<>();
    int i = 0;
    while (i < line.length()) {
      int eq = line.indexOf('=', i);
      assertThat(eq).as("key at %d of %s", i, line).isGreaterThan(i);
      String key = line.substring(i, eq);
      assertThat(key).as("key in %s", line).matches("[a-z_]+");
      StringBuilder value = new StringBuilder();
      int j = eq + 1;
      if (j < line.length() && line.charAt(j) == '"') {
        j++;
        while (true) {
          assertThat(j).as("closing quote in %s", line).isLessThan(line.length());
          char c = line.charAt(j);
          if (c == '"') {
            j++;
            break;
          }
          if (c == '\\') {
            char next = line.charAt(j + 1);
            if (next == 'u') {
              value.append((char) Integer.parseInt(line.substring(j + 2, j + 6), 16));
              j += 6;
            } else {
              value.append(next);
              j += 2;
            }
          } else {
            value.append(c);
            j++;
          }
        }
      } else {
        int end = line.indexOf(' ', j);
        end = end < 0 ? line.length() : end;
        String bare = line.substring(j, end);
        assertThat(bare).as("bare value in %s", line).doesNotContain("\"");
        value.append(bare);
        j = end;
      }
      assertThat(fields.put(key, value.toString())).as("key %s appears once in %s", key, line).isNull();
      if (j < line.length()) {
        assertThat(line.charAt(j)).as("separator in %s", line).isEqualTo(' ');
        j++;
      }
      i = j;
    }
    return fields;
  }

  // ---- tests ---------------------------------------------------------------------------------

  @Test
  void oneLineWithEveryFieldForAProxiedRequest() {
    Result r = post("/v1/messages", BODY, "x-api-key", KEY, "X-Request-Id", "client-req-001");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().getAll("x-request-id")).containsExactly("client-req-001");
    Map<String, String> line = lineFor("client-req-001");
    assertThat(line.keySet()).startsWith("id").contains("method", "path", "route", "model", "status",
        "upstream_status", "ttfb_ms", "duration_ms", "bytes_in", "bytes_out", "outcome", "client");
    assertThat(line).containsEntry("method", "POST").containsEntry("path", "/v1/messages")
        .containsEntry("route", "messages").containsEntry("model", "claude-x")
        .containsEntry("status", "200").containsEntry("upstream_status", "200")
        .containsEntry("bytes_in", String.valueOf(BODY.length()))
        .containsEntry("bytes_out", String.valueOf(r.body().length()))
        .containsEntry("outcome", "ok").containsEntry("client", "127.0.0.1");
    double ttfb = Double.parseDouble(line.get("ttfb_ms"));
    double duration = Double.parseDouble(line.get("duration_ms"));
    assertThat(ttfb).isGreaterThanOrEqualTo(0);
    assertThat(duration).isGreaterThanOrEqualTo(ttfb).isLessThan(10_000);
    assertThat(proxy.upstream().nextRequest().headers().get("x-request-id")).isEqualTo("client-req-001");
  }

  @Test
  void oneLinePerRequest() {
    post("/v1/chat/completions", BODY, "authorization", "Bearer " + KEY, "X-Request-Id", "first-1");
    post("/v1/chat/completions", BODY, "authorization", "Bearer " + KEY, "X-Request-Id", "second-2");
    post("/nope", BODY, "X-Request-Id", "third-3");

    // The third line is written after the first two requests ended: by then any extra line would be there.
    assertThat(lineFor("third-3")).containsEntry("status", "404").containsEntry("route", "-");
    assertThat(linesFor("first-1")).hasSize(1);
    assertThat(linesFor("second-2")).hasSize(1);
    assertThat(lineFor("first-1")).containsEntry("route", "chat");
  }

  @Test
  void aGeneratedIdWhenTheClientSendsNoneIsEchoedAndLogged() {
    Result first = post("/v1/messages", BODY, "x-api-key", KEY);
    Result second = post("/v1/messages", BODY, "x-api-key", KEY);

    String id1 = first.headers().get("x-request-id");
    String id2 = second.headers().get("x-request-id");
    assertThat(id1).matches("[0-9a-f]{16}");
    assertThat(id2).matches("[0-9a-f]{16}").isNotEqualTo(id1);
    assertThat(lineFor(id1)).containsEntry("status", "200");
    assertThat(lineFor(id2)).containsEntry("status", "200");
  }

  @Test
  void anUnsafeClientIdIsReplaced() {
    String unsafe = "id with spaces \" and=equals";

    Result r = post("/v1/messages", BODY, "x-api-key", KEY, "X-Request-Id", unsafe);

    String id = r.headers().get("x-request-id");
    assertThat(id).matches("[0-9a-f]{16}");
    assertThat(lineFor(id)).containsEntry("status", "200");
    assertThat(lines(access)).noneMatch(l -> l.contains("with spaces"));
    Result tooLong = post("/v1/messages", BODY, "x-api-key", KEY, "X-Request-Id", "a".repeat(129));
    assertThat(tooLong.headers().get("x-request-id")).matches("[0-9a-f]{16}");
  }

  @Test
  void rejectedRequestsAreLoggedAndEchoTheIdToo() {
    Result unauthorised = post("/v1/messages", BODY, "X-Request-Id", "no-key-1");
    Result notFound = call(HttpMethod.GET, "/missing", null, "X-Request-Id", "missing-1");
    Result info = call(HttpMethod.GET, "/", null, "X-Request-Id", "info-1");

    assertThat(unauthorised.headers().get("x-request-id")).isEqualTo("no-key-1");
    assertThat(notFound.headers().get("x-request-id")).isEqualTo("missing-1");
    assertThat(lineFor("no-key-1")).containsEntry("status", "401").containsEntry("route", "messages")
        .containsEntry("upstream_status", "-").containsEntry("ttfb_ms", "-").containsEntry("model", "-");
    assertThat(lineFor("missing-1")).containsEntry("status", "404").containsEntry("method", "GET");
    assertThat(lineFor("info-1")).containsEntry("status", "200").containsEntry("path", "/")
        .containsEntry("bytes_out", String.valueOf(info.body().length()));
  }

  @Test
  void upstreamStatusIsLoggedAsItCame() {
    proxy.upstream().reply(Reply.json(429, "{\"error\":{\"type\":\"rate_limit_error\"}}", Map.of()));

    Result r = post("/v1/messages", BODY, "x-api-key", KEY, "X-Request-Id", "limited-1");

    assertThat(r.status()).isEqualTo(429);
    assertThat(lineFor("limited-1")).containsEntry("status", "429").containsEntry("upstream_status", "429");
  }

  @Test
  void aClientThatLeftBeforeAnyResponseIsLoggedAs499() {
    proxy.upstream().reply(Reply.hang());
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "x-api-key: " + KEY + "\r\nX-Request-Id: gone-early-1\r\nContent-Length: " + BODY.length() + "\r\n\r\n"
          + BODY);
      proxy.upstream().nextRequest();
    }

    assertThat(lineFor("gone-early-1")).containsEntry("status", "499").containsEntry("upstream_status", "-")
        .containsEntry("outcome", "client_closed").containsEntry("bytes_out", "0");
  }

  @Test
  void aRequestTheDecoderRefusedIsLoggedAsRefusedWithItsReason() {
    try (RawHttp client = RawHttp.connect(proxy.port())) {
      client.send("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: smuggled-1\r\n"
          + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
      assertThat(client.read(false).status()).isEqualTo(400);
    }

    Map<String, String> line = lineFor("smuggled-1");
    assertThat(line).containsEntry("method", "POST").containsEntry("path", "/v1/messages")
        .containsEntry("route", "-").containsEntry("status", "400").containsEntry("upstream_status", "-")
        .containsEntry("outcome", "refused");
    assertThat(line.get("reason")).contains("Content-Length").contains("Transfer-Encoding");
    assertThat(Integer.parseInt(line.get("bytes_out"))).isPositive();
    assertThat(proxy.upstream().acceptedConnections()).isZero();
  }

  @Test
  void aClientThatLeftMidStreamIsLoggedWithTheStatusItGot() {
    proxy.upstream().reply(Reply.sseThenStall(List.of("data: {}\n\n")));
    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/messages",
        Buffer.buffer(BODY), ClientExchange.jsonHeaders().add("x-api-key", KEY).add("X-Request-Id", "gone-mid-1"));
    call.awaitEvents(1, Duration.ofSeconds(5));

    call.disconnect();

    assertThat(lineFor("gone-mid-1")).containsEntry("status", "200").containsEntry("upstream_status", "200")
        .containsEntry("outcome", "client_closed");
  }

  @Test
  void factorysOwnRequestIdIsLoggedBesideOurs() {
    proxy.upstream().reply(Reply.json(200, "{}", Map.of("request-id", "req_factory_42")));

    Result r = post("/v1/messages", BODY, "x-api-key", KEY, "X-Request-Id", "ours-1");

    assertThat(r.status()).isEqualTo(200);
    assertThat(lineFor("ours-1")).containsEntry("upstream_id", "req_factory_42");
  }

  @Test
  void noSecretInAnyLogLine() {
    post("/v1/messages", BODY, "x-api-key", KEY, "X-Request-Id", "s-1");
    post("/v1/chat/completions", BODY, "authorization", "Bearer " + KEY, "X-Request-Id", "s-2");
    post("/v1/messages", BODY, "x-api-key", KEY + "-wrong", "X-Request-Id", "s-3");
    post("/v1/messages", BODY, "authorization", "Bearer " + ProxyHarness.TOKEN, "X-Request-Id", "s-4");
    post("/v1/messages", "{not json " + KEY, "x-api-key", KEY, "X-Request-Id", "s-5");
    proxy.upstream().reply(Reply.closeConnection());
    post("/v1/responses", BODY, "authorization", "Bearer " + KEY, "X-Request-Id", "s-6");

    lineFor("s-6");
    List<String> all = new ArrayList<>(lines(access));
    all.addAll(lines(everything));
    assertThat(lineFor("s-3")).containsEntry("status", "401");
    assertThat(lineFor("s-6")).containsEntry("status", "502");
    assertThat(all).isNotEmpty().noneMatch(l -> l.contains(KEY)).noneMatch(l -> l.contains(ProxyHarness.TOKEN));
  }

  @Test
  void aModelWithNewlinesAndQuotesCannotForgeALine() {
    String forged = "evil\nid=forged method=GET status=200 route=x\r\n";
    String quoted = "q\" status=999 route=\"forged\\";
    String body1 = new JsonObject().put("model", forged).put("max_tokens", 5).encode();
    String body2 = new JsonObject().put("model", quoted).put("max_tokens", 5).encode();

    post("/v1/messages", body1, "x-api-key", KEY, "X-Request-Id", "forge-1");
    post("/v1/messages", body2, "x-api-key", KEY, "X-Request-Id", "forge-2");

    Map<String, String> line1 = lineFor("forge-1");
    Map<String, String> line2 = lineFor("forge-2");
    assertThat(line1).containsEntry("model", forged).containsEntry("status", "200").containsEntry("route", "messages");
    assertThat(line2).containsEntry("model", quoted).containsEntry("status", "200").containsEntry("route", "messages");
    assertThat(lines(access)).noneMatch(l -> l.contains("\n") || l.contains("\r"));
    assertThat(lines(access).stream().map(AccessLogTest::logfmt)).noneMatch(f -> "forged".equals(f.get("id")));
  }

  @Test
  void aVeryLongModelIsCutNotLoggedWhole() {
    String model = "m".repeat(5000);

    post("/v1/messages", new JsonObject().put("model", model).encode(), "x-api-key", KEY, "X-Request-Id", "long-1");

    String logged = lineFor("long-1").get("model");
    assertThat(logged.length()).isLessThan(300);
    assertThat(logged).startsWith("mmmm");
  }

  @Test
  void aliasedModelLogsBothNames(Vertx vertx) {
    try (ProxyHarness aliased = ProxyHarness.start(vertx,
        new JsonObject().put("MODEL_ALIASES", new JsonObject().put("sonnet", "claude-sonnet-4-5-20250929")))) {
      Await.result(aliased.client().request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages")
              .putHeader("X-Request-Id", "alias-1"))
          .compose(req -> req.send("{\"model\":\"sonnet\"}")
              .compose(resp -> resp.body())));

      assertThat(lineFor("alias-1")).containsEntry("model", "claude-sonnet-4-5-20250929")
          .containsEntry("alias", "sonnet");
    }
  }
}
