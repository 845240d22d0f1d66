package dev.factoryproxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** KEYS_FILE, the model allow-list, limits and /admin through a real proxy and a real upstream. */
@ExtendWith(VertxExtension.class)
class KeysAndLimitsTest {

  private static final String ALICE = "fp-alice-7f3k";
  private static final String BOB = "fp-bob-91xq";
  private static final String OLD = "fp-old-00aa";
  private static final String ADMIN = "admin-secret-42";
  private static final String ANTHROPIC_ANSWER = """
      {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"hi"}],
       "model":"claude-x","stop_reason":"end_turn",
       "usage":{"input_tokens":12,"output_tokens":30,"cache_read_input_tokens":100,"cache_creation_input_tokens":7}}""";
  private static final String CHAT_ANSWER = """
      {"id":"c1","object":"chat.completion","choices":[],
       "usage":{"prompt_tokens":50,"completion_tokens":20,"total_tokens":70,
                "prompt_tokens_details":{"cached_tokens":10},"completion_tokens_details":{"reasoning_tokens":5}}}""";

  @TempDir
  Path dir;
  private ProxyHarness proxy;

  record Result(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  @AfterEach
  void close() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private ProxyHarness start(Vertx vertx, String keys) throws Exception {
    Path file = dir.resolve("keys.json");
    Files.writeString(file, keys);
    proxy = ProxyHarness.start(vertx, new JsonObject().put("KEYS_FILE", file.toString()).put("ADMIN_API_KEY", ADMIN)
        .put("PROXY_API_KEYS", "env-key-1"));
    return proxy;
  }

  private Result call(HttpMethod method, String uri, String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return Await.result(proxy.client().request(options)
        .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body)))
            .compose(resp -> resp.body().map(b -> new Result(resp.statusCode(), resp.headers(), b)))));
  }

  private Result messages(String key, String model) {
    return call(HttpMethod.POST, "/v1/messages", "{\"model\":\"" + model + "\",\"max_tokens\":5}", "x-api-key", key);
  }

  private Result chat(String key, String model) {
    return call(HttpMethod.POST, "/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[]}",
        "authorization", "Bearer " + key);
  }

  @Test
  void anExpiredOrDisabledKeyIs401AndADisallowedModel403InTheCallersShape(Vertx vertx) throws Exception {
    start(vertx, """
        {"keys": [
          {"name": "alice", "key": "%s", "models": ["claude-*"]},
          {"name": "old", "key": "%s", "expires": "2020-01-31"},
          {"name": "bob", "key": "%s", "disabled": true}
        ]}""".formatted(ALICE, OLD, BOB));

    Result expired = messages(OLD, "claude-x");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().getJsonObject("error").getString("type")).isEqualTo("authentication_error");
    assertThat(expired.body().toString()).contains("expired").doesNotContain(OLD);
    assertThat(chat(BOB, "claude-x").status()).isEqualTo(401);

    Result anthropic = messages(ALICE, "gpt-5");
    assertThat(anthropic.status()).isEqualTo(403);
    assertThat(anthropic.json().getString("type")).isEqualTo("error");
    assertThat(anthropic.json().getJsonObject("error").getString("type")).isEqualTo("permission_error");
    assertThat(anthropic.json().getJsonObject("error").getString("message")).contains("gpt-5");
    Result openai = chat(ALICE, "glm-4");
    assertThat(openai.status()).isEqualTo(403);
    assertThat(openai.json().getJsonObject("error").getString("type")).isEqualTo("permission_error");
    assertThat(openai.json().getJsonObject("error").getString("message")).contains("glm-4");
    assertThat(proxy.upstream().requests()).isEmpty();

    assertThat(messages(ALICE, "claude-x").status()).isEqualTo(200);
    assertThat(chat("env-key-1", "glm-4").status()).as("PROXY_API_KEYS still works").isEqualTo(200);
  }

  @Test
  void rpmRefusalsAre429sWithRetryAfterAndHeadersAndNeverReachFactory(Vertx vertx) throws Exception {
    start(vertx, "{\"keys\": [{\"name\": \"alice\", \"key\": \"" + ALICE + "\", \"rpm\": 3}]}");
    for (int i = 0; i < 3; i++) {
      assertThat(messages(ALICE, "claude-x").status()).isEqualTo(200);
    }

    Result anthropic = messages(ALICE, "claude-x");
    assertThat(anthropic.status()).isEqualTo(429);
    assertThat(anthropic.json().getJsonObject("error").getString("type")).isEqualTo("rate_limit_error");
    assertThat(Long.parseLong(anthropic.headers().get("retry-after"))).isBetween(19L, 20L);
    assertThat(anthropic.headers().get("anthropic-ratelimit-requests-limit")).isEqualTo("3");
    assertThat(anthropic.headers().get("anthropic-ratelimit-requests-remaining")).isEqualTo("0");
    assertThat(anthropic.headers().get("anthropic-ratelimit-requests-reset")).isNotBlank();

    Result openai = chat(ALICE, "glm-4");
    assertThat(openai.status()).isEqualTo(429);
    assertThat(openai.json().getJsonObject("error").getString("code")).isEqualTo("rate_limit_exceeded");
    assertThat(openai.json().getJsonObject("error").getString("type")).isEqualTo("requests");
    assertThat(openai.headers().get("x-ratelimit-limit-requests")).isEqualTo("3");
    assertThat(openai.headers().get("x-ratelimit-remaining-requests")).isEqualTo("0");
    assertThat(openai.headers().get("x-ratelimit-reset-requests")).endsWith("s");
    assertThat(openai.headers().get("retry-after")).isNotBlank();
    assertThat(proxy.upstream().requests()).hasSize(3);
  }

  @Test
  void adminUsageTotalsEqualWhatTheMockReportedAndATpmLimitTripsOnIt(Vertx vertx) throws Exception {
    start(vertx, "{\"keys\": [{\"name\": \"alice\", \"key\": \"" + ALICE + "\", \"tpm\": 400}]}");
    proxy.upstream().reply(r -> r.path().endsWith("messages") ? Reply.json(ANTHROPIC_ANSWER) : Reply.json(CHAT_ANSWER));

    assertThat(messages(ALICE, "claude-x").status()).isEqualTo(200);
    assertThat(messages(ALICE, "claude-x").status()).isEqualTo(200);
    assertThat(chat(ALICE, "glm-4").status()).isEqualTo(200);
    Await.condition("usage recorded", java.time.Duration.ofSeconds(5), () -> rows("?key=alice").size() == 2);

    JsonArray usage = rows("?key=alice");
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    assertThat(usage.getJsonObject(0).getMap()).containsEntry("key", "alice").containsEntry("model", "claude-x")
        .containsEntry("day", today).containsEntry("requests", 2).containsEntry("input_tokens", 24)
        .containsEntry("output_tokens", 60).containsEntry("cache_read_tokens", 200)
        .containsEntry("cache_creation_tokens", 14).containsEntry("reasoning_tokens", 0);
    // Chat's prompt_tokens include the cached ones; the stored input_tokens do not.
    assertThat(usage.getJsonObject(1).getMap()).containsEntry("model", "glm-4").containsEntry("requests", 1)
        .containsEntry("input_tokens", 40).containsEntry("cache_read_tokens", 10)
        .containsEntry("output_tokens", 20).containsEntry("reasoning_tokens", 5);
    assertThat(rows("?model=glm-4")).hasSize(1);
    assertThat(rows("?since=2999-01-01")).isEmpty();

    // 149 + 149 + 70 = 368 of 400: one more is admitted, and its 149 overshoot the limit.
    assertThat(messages(ALICE, "claude-x").status()).isEqualTo(200);
    Await.condition("tokens charged", java.time.Duration.ofSeconds(5),
        () -> rows("?model=claude-x").getJsonObject(0).getInteger("requests") == 3);
    Result refused = chat(ALICE, "glm-4");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().getJsonObject("error").getString("type")).isEqualTo("tokens");
    assertThat(refused.headers().get("x-ratelimit-limit-tokens")).isEqualTo("400");
    assertThat(refused.headers().get("x-ratelimit-remaining-tokens")).isEqualTo("0");

    Result keys = call(HttpMethod.GET, "/admin/keys", null, "authorization", "Bearer " + ADMIN);
    assertThat(keys.status()).isEqualTo(200);
    JsonObject alice = keys.json().getJsonArray("keys").getJsonObject(0);
    assertThat(alice.getString("name")).isEqualTo("alice");
    assertThat(alice.getJsonObject("limits").getLong("tpm")).isEqualTo(400);
    assertThat(alice.getJsonObject("window").getLong("tokens_today")).isEqualTo(149 * 3 + 70);
    assertThat(keys.body().toString()).doesNotContain(ALICE).doesNotContain(dev.factoryproxy.keys.KeyDigests.hex(ALICE));
  }

  @Test
  void adminNeedsItsOwnKey(Vertx vertx) throws Exception {
    start(vertx, "{\"keys\": [{\"name\": \"alice\", \"key\": \"" + ALICE + "\"}]}");
    assertThat(call(HttpMethod.GET, "/admin/usage", null).status()).isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/admin/usage", null, "authorization", "Bearer " + ALICE).status()).isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/admin/usage", null, "authorization", "Bearer " + ADMIN).status()).isEqualTo(200);
  }

  private JsonArray rows(String query) {
    Result r = call(HttpMethod.GET, "/admin/usage" + query, null, "authorization", "Bearer " + ADMIN);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.json().getJsonArray("usage");
  }
}
