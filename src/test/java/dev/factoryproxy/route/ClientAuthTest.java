package dev.factoryproxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.Recorded;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PROXY_API_KEYS, through a real proxy and a real upstream. */
class ClientAuthTest {

  private static final String KEY_A = "ck-alpha-7d1f";
  private static final String KEY_B = "ck-beta-99e0";
  private static final String BODY = "{\"model\":\"m\",\"max_tokens\":5}";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.with(new JsonObject().put("PROXY_API_KEYS", KEY_A + "," + KEY_B));

  record Result(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  private Result call(HttpMethod method, String uri, String body, String... headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    if (body != null) {
      options.putHeader("content-type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return Await.result(proxy.client().request(options)
        .compose(req -> (body == null ? req.send() : req.send(Buffer.buffer(body)))
            .compose(resp -> resp.body().map(b -> new Result(resp.statusCode(), resp.headers(), b)))));
  }

  private Result post(String uri, String... headers) {
    return call(HttpMethod.POST, uri, BODY, headers);
  }

  /**
   * Proves that none of the rejected requests before it reached the upstream: the mock records
   * in arrival order, so an authorised request sent afterwards must be the first it saw.
   */
  private void assertUpstreamSawOnlyAnAuthorisedProbe() {
    assertThat(post("/v1/messages?probe=1", "x-api-key", KEY_A).status()).isEqualTo(200);
    assertThat(proxy.upstream().requests()).extracting(Recorded::uri).containsExactly("/api/llm/a/v1/messages?probe=1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/chat/completions", "/v1/responses", "/gpt", "/glm", "/responses"})
  void missingKeyIsA401InOpenaiShape(String path) {
    Result r = post(path);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers().get("content-type")).startsWith("application/json");
    JsonObject json = r.json();
    assertThat(json.fieldNames()).containsExactly("error");
    JsonObject error = json.getJsonObject("error");
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("message", "type", "code");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getString("code")).isEqualTo("invalid_api_key");
    assertThat(error.getString("message")).contains("PROXY_API_KEYS").contains("x-api-key").contains("Bearer");
    assertUpstreamSawOnlyAnAuthorisedProbe();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/messages", "/anthropic"})
  void missingKeyIsA401InAnthropicShape(String path) {
    Result r = post(path);

    assertThat(r.status()).isEqualTo(401);
    JsonObject json = r.json();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("type", "error");
    assertThat(json.getString("type")).isEqualTo("error");
    JsonObject error = json.getJsonObject("error");
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("type", "message");
    assertThat(error.getString("type")).isEqualTo("authentication_error");
    assertThat(error.getString("message")).isNotBlank();
    assertUpstreamSawOnlyAnAuthorisedProbe();
  }

  @ParameterizedTest
  @CsvSource({
      "authorization, Bearer ck-wrong",
      "authorization, Bearer " + KEY_A + "x",
      "authorization, Basic " + KEY_A,
      "authorization, " + KEY_A,
      "authorization, Bearer ck-",
      "x-api-key, ck-wrong",
      "x-api-key, '" + KEY_A + "," + KEY_B + "'",
      "x-api-key, '" + KEY_A + " x'",
      "x-api-key, " + ProxyHarness.TOKEN,
      "authorization, Bearer " + ProxyHarness.TOKEN})
  void wrongKeyIsA401ThatDoesNotEchoTheKey(String header, String value) {
    Result chat = post("/v1/chat/completions", header, value);
    Result messages = post("/v1/messages", header, value);

    assertThat(chat.status()).isEqualTo(401);
    assertThat(chat.json().getJsonObject("error").getString("code")).isEqualTo("invalid_api_key");
    assertThat(messages.status()).isEqualTo(401);
    assertThat(messages.json().getJsonObject("error").getString("type")).isEqualTo("authentication_error");
    String[] parts = value.trim().split(" ");
    String presented = parts[parts.length - 1];
    assertThat(chat.body().toString()).doesNotContain(presented).doesNotContain(KEY_A).doesNotContain(KEY_B);
    assertThat(messages.body().toString()).doesNotContain(presented).doesNotContain(KEY_A).doesNotContain(KEY_B);
    assertUpstreamSawOnlyAnAuthorisedProbe();
  }

  @ParameterizedTest
  @CsvSource({
      "/v1/chat/completions, authorization, Bearer " + KEY_A,
      "/v1/responses, authorization, bearer " + KEY_B,
      "/v1/messages, authorization, Bearer " + KEY_B,
      "/v1/messages, x-api-key, " + KEY_A,
      "/v1/chat/completions, x-api-key, " + KEY_B})
  void rightKeyPassesAndIsNotForwardedUpstream(String path, String header, String value) {
    Result r = post(path, header, value);

    assertThat(r.status()).isEqualTo(200);
    Recorded upstream = proxy.upstream().nextRequest();
    assertThat(upstream.headers().getAll("authorization")).containsExactly("Bearer " + ProxyHarness.TOKEN);
    assertThat(upstream.headers().contains("x-api-key")).isFalse();
    assertThat(upstream.headers().toString()).doesNotContain(KEY_A).doesNotContain(KEY_B);
    assertThat(upstream.body().toString()).isEqualTo(BODY);
  }

  @Test
  void bothHeadersWithTheRightKeyPassAndNeitherIsForwarded() {
    Result r = post("/v1/messages", "authorization", "Bearer " + KEY_A, "x-api-key", KEY_A);

    assertThat(r.status()).isEqualTo(200);
    Recorded upstream = proxy.upstream().nextRequest();
    assertThat(upstream.headers().getAll("authorization")).containsExactly("Bearer " + ProxyHarness.TOKEN);
    assertThat(upstream.headers().getAll("x-api-key")).isEmpty();
  }

  @Test
  void infoAndHealthStayOpenWithoutAKey() {
    Result info = call(HttpMethod.GET, "/", null);
    Result health = call(HttpMethod.GET, "/health", null);

    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json().getBoolean("client_keys_required")).isTrue();
    assertThat(info.body().toString()).doesNotContain(KEY_A).doesNotContain(KEY_B).doesNotContain(ProxyHarness.TOKEN);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("status")).isEqualTo("healthy");
    assertThat(health.json().getBoolean("client_keys_required")).isTrue();
    assertThat(proxy.upstream().requests()).isEmpty();
  }

  @Test
  void withoutClientKeysNoKeyIsNeeded() {
    try (ProxyHarness open = ProxyHarness.start(proxy.vertx())) {
      int status = Await.result(open.client()
          .request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages"))
          .compose(req -> req.send(Buffer.buffer(BODY))
              .compose(resp -> resp.body().map(b -> resp.statusCode()))));

      assertThat(status).isEqualTo(200);
    }
  }
}
