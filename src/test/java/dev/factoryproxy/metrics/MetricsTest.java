package dev.factoryproxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} after a known mix of traffic through a real proxy and a mock Factory. */
@ExtendWith(VertxExtension.class)
class MetricsTest {

  private static final String ALICE = "fp-alice-metrics-1";
  private static final String BOB = "fp-bob-metrics-2";
  private static final String ADMIN = "admin-metrics-42";
  private static final String MODEL = "claude-sonnet-4-6";
  /** Anthropic's usage: input 12, output 30, cache read 100, cache write 7. */
  private static final String ANSWER = """
      {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"hi"}],
       "model":"claude-sonnet-4-6","stop_reason":"end_turn","stop_sequence":null,
       "usage":{"input_tokens":12,"output_tokens":30,"cache_read_input_tokens":100,"cache_creation_input_tokens":7}}""";
  private static final String ERROR = """
      {"type":"error","error":{"type":"api_error","message":"Internal server error"}}""";

  @TempDir
  Path dir;
  private ProxyHarness proxy;

  record Result(int status, MultiMap headers, String body) {
  }

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void countsAKnownMixOfTrafficExactlyWithBoundedLabelsAndNoToken(Vertx vertx) throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, """
        {"keys": [{"name": "alice", "key": "%s", "rpm": 1}, {"name": "bob", "key": "%s"}]}""".formatted(ALICE, BOB));
    proxy = ProxyHarness.start(vertx, new JsonObject().put("KEYS_FILE", keys.toString()).put("ADMIN_API_KEY", ADMIN)
        .put("MAX_RETRIES", 0));
    proxy.upstream().reply(r -> {
      JsonObject body = r.body().toJsonObject();
      if (body.getBoolean("stream", false)) {
        return Reply.sse(WireFormats.anthropicEvents(MODEL, "one two three"), Duration.ZERO);
      }
      return "fail".equals(body.getString("metadata_marker")) ? Reply.json(500, ERROR, Map.of()) : Reply.json(ANSWER);
    });

    assertThat(messages(BOB, MODEL, "").status()).isEqualTo(200);
    Result stream = messages(BOB, MODEL, ",\"stream\":true");
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.headers().get("server-timing")).matches("proxy;dur=\\d+\\.\\d\\d, upstream;dur=\\d+\\.\\d\\d");
    Result translated = call("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "authorization", "Bearer " + BOB);
    assertThat(translated.status()).as(translated.body()).isEqualTo(200);
    assertThat(messages(BOB, MODEL, ",\"metadata_marker\":\"fail\"").status()).isEqualTo(500);
    assertThat(messages(ALICE, MODEL, "").status()).isEqualTo(200);
    Result limited = messages(ALICE, MODEL, "");
    assertThat(limited.status()).isEqualTo(429);
    String unknown = "zz-" + UUID.randomUUID();
    assertThat(messages(BOB, unknown, "").status()).isEqualTo(200);

    Await.condition("seven requests counted", Duration.ofSeconds(5),
        () -> scrape().sum("factory_proxy_requests_total", "key", "bob")
            + scrape().sum("factory_proxy_requests_total", "key", "alice") == 7);
    String text = scrapeText();
    PrometheusText metrics = PrometheusText.parse(text);

    assertThat(metrics.sum("factory_proxy_requests_total", "route", "messages", "model", MODEL, "key", "bob",
        "status", "200")).isEqualTo(2);
    assertThat(metrics.sum("factory_proxy_requests_total", "route", "chat", "model", MODEL, "key", "bob",
        "status", "200")).isEqualTo(1);
    assertThat(metrics.sum("factory_proxy_requests_total", "key", "bob", "status", "500")).isEqualTo(1);
    assertThat(metrics.sum("factory_proxy_requests_total", "key", "alice", "status", "200")).isEqualTo(1);
    assertThat(metrics.sum("factory_proxy_requests_total", "key", "alice", "status", "429")).isEqualTo(1);
    assertThat(metrics.sum("factory_proxy_requests_total", "model", "other", "key", "bob", "status", "200"))
        .isEqualTo(1);
    assertThat(metrics.sum("factory_proxy_rate_limited_total", "key", "alice", "limit", "rpm")).isEqualTo(1);
    assertThat(metrics.sum("factory_proxy_rate_limited_total")).isEqualTo(1);
    assertThat(metrics.sum("factory_proxy_translations_total", "from", "chat", "to", "messages")).isEqualTo(1);
    assertThat(metrics.sum("factory_proxy_translations_total")).isEqualTo(1);

    // Six requests reached Factory (not the 429): one each, no retries, five 200s and one 500.
    assertThat(proxy.upstream().requests()).hasSize(6);
    assertThat(metrics.sum("factory_proxy_upstream_attempts_total", "status", "200")).isEqualTo(5);
    assertThat(metrics.sum("factory_proxy_upstream_attempts_total", "status", "500")).isEqualTo(1);
    assertThat(metrics.values("factory_proxy_upstream_attempts_total", "token")).hasSize(1);
    String token = metrics.values("factory_proxy_upstream_attempts_total", "token").get(0);
    assertThat(metrics.sum("factory_proxy_upstream_token_state", "token", token, "state", "usable")).isEqualTo(1);
    assertThat(metrics.sum("factory_proxy_upstream_token_state", "token", token)).isEqualTo(1);

    // Tokens: three JSON answers on the catalog model (bob twice, alice once) plus the stream's 12 in, 3 out.
    assertThat(metrics.sum("factory_proxy_tokens_total", "model", MODEL, "key", "bob", "type", "input"))
        .isEqualTo(12 * 2 + 12);
    assertThat(metrics.sum("factory_proxy_tokens_total", "model", MODEL, "key", "bob", "type", "output"))
        .isEqualTo(30 * 2 + 3);
    assertThat(metrics.sum("factory_proxy_tokens_total", "model", MODEL, "key", "bob", "type", "cache_read"))
        .isEqualTo(200);
    assertThat(metrics.sum("factory_proxy_tokens_total", "model", MODEL, "key", "bob", "type", "cache_write"))
        .isEqualTo(14);
    assertThat(metrics.sum("factory_proxy_tokens_total", "model", MODEL, "key", "alice", "type", "output"))
        .isEqualTo(30);
    assertThat(metrics.sum("factory_proxy_tokens_total", "model", "other", "type", "output")).isEqualTo(30);

    assertThat(metrics.sum("factory_proxy_time_to_first_byte_seconds_count")).isGreaterThanOrEqualTo(7);
    assertThat(metrics.sum("factory_proxy_overhead_seconds_count")).isEqualTo(6);
    assertThat(metrics.sum("factory_proxy_request_duration_seconds_count")).isGreaterThanOrEqualTo(7);
    assertThat(metrics.sum("factory_proxy_streams_active")).isZero();

    // Cardinality: the unknown model is "other"; no label anywhere holds it.
    assertThat(metrics.values("factory_proxy_requests_total", "model")).containsExactly(MODEL, "other");
    assertThat(text).doesNotContain(unknown).doesNotContain(ALICE).doesNotContain(BOB).doesNotContain(ADMIN);
    Canary.assertAbsent("/metrics", text);
  }

  @Test
  void metricsNeedTheAdminKeyAndServerTimingCanBeTurnedOff(Vertx vertx) {
    proxy = ProxyHarness.start(vertx, new JsonObject().put("ADMIN_API_KEY", ADMIN).put("SERVER_TIMING", "false"));
    proxy.upstream().reply(r -> Reply.json(ANSWER));
    assertThat(call(HttpMethod.GET, "/metrics", null).status()).isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/metrics", null, "authorization", "Bearer wrong").status()).isEqualTo(401);
    Result ok = messages(null, MODEL, "");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.headers().contains("server-timing")).isFalse();
    assertThat(scrapeText()).contains("factory_proxy_streams_active").contains("jvm_memory_used_bytes");
  }

  private PrometheusText scrape() {
    return PrometheusText.parse(scrapeText());
  }

  private String scrapeText() {
    Result r = call(HttpMethod.GET, "/metrics", null, "authorization", "Bearer " + ADMIN);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().get("content-type")).startsWith("text/plain");
    return r.body();
  }

  private Result messages(String key, String model, String extra) {
    String body = "{\"model\":\"" + model + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
        + extra + "}";
    return key == null ? call("/v1/messages", body) : call("/v1/messages", body, "x-api-key", key);
  }

  private Result call(String uri, String body, String... headers) {
    return call(HttpMethod.POST, uri, body, headers);
  }

  private Result call(HttpMethod method, String uri, String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return Await.result(proxy.client().request(options)
        .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body)))
            .compose(resp -> resp.body().map(b -> new Result(resp.statusCode(), resp.headers(), b.toString())))));
  }

}
