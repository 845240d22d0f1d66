package dev.factoryproxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.ProxyVersion;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.RawHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy's own endpoints: {@code GET|HEAD /} and {@code GET|HEAD /health}. */
class InfoAndHealthTest {

  private static final String CLIENT_KEY = "ck-info-test-31a9";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.with(new JsonObject().put("PROXY_API_KEYS", CLIENT_KEY));

  private RawHttp.Response raw(String method, String path) {
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      RawHttp.Response response = http.send(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Connection: close\r\n\r\n").read(method.equals("HEAD"));
      // Whatever follows the head of a HEAD response would be a body it must not have.
      byte[] rest = http.untilEof();
      assertThat(rest).as("bytes after the %s %s response", method, path).isEmpty();
      return response;
    }
  }

  @Test
  void infoListsNameVersionStatusAndEveryRouteWithItsUpstreamUrl() {
    RawHttp.Response response = raw("GET", "/");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.value("content-type")).startsWith("application/json");
    JsonObject info = new JsonObject(response.text());
    assertThat(info.getString("name")).isEqualTo("factory-proxy");
    assertThat(info.getString("version")).isEqualTo(ProxyVersion.get()).isNotBlank();
    assertThat(info.getString("status")).isEqualTo("running");
    assertThat(info.getBoolean("client_keys_required")).isTrue();
    String base = proxy.upstream().baseUrl();
    JsonArray routes = info.getJsonArray("routes");
    assertThat(routes).hasSize(3);
    assertThat(routes.stream().map(r -> ((JsonObject) r).getString("name")).toList())
        .containsExactly("responses", "messages", "chat");
    JsonObject responses = routes.getJsonObject(0);
    assertThat(responses.getString("upstream")).isEqualTo(base + "/o/v1/responses");
    assertThat(responses.getJsonArray("paths")).containsExactly("/gpt", "/responses", "/v1/responses");
    assertThat(responses.getString("method")).isEqualTo("POST");
    assertThat(responses.getString("errors")).isEqualTo("openai");
    JsonObject messages = routes.getJsonObject(1);
    assertThat(messages.getString("upstream")).isEqualTo(base + "/a/v1/messages");
    assertThat(messages.getJsonArray("paths")).containsExactly("/anthropic", "/v1/messages");
    assertThat(messages.getString("errors")).isEqualTo("anthropic");
    assertThat(messages.getString("provider")).isEqualTo("anthropic");
    JsonObject chat = routes.getJsonObject(2);
    assertThat(chat.getString("upstream")).isEqualTo(base + "/o/v1/chat/completions");
    assertThat(chat.getJsonArray("paths")).containsExactly("/glm", "/v1/chat/completions");
    assertThat(info.getJsonObject("cluster").getBoolean("clustered")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/health"})
  void noSecretIsShown(String path) {
    RawHttp.Response response = raw("GET", path);

    String everything = response.headers() + response.text();
    assertThat(everything).doesNotContain(ProxyHarness.TOKEN).doesNotContain(CLIENT_KEY)
        .doesNotContain("fct-").doesNotContain("ck-");
  }

  @Test
  void healthIsHealthyWithTheTokenConfigured() {
    RawHttp.Response response = raw("GET", "/health");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.value("content-type")).startsWith("application/json");
    JsonObject health = new JsonObject(response.text());
    assertThat(health.getString("status")).isEqualTo("healthy");
    assertThat(health.getBoolean("api_key_configured")).isTrue();
    assertThat(health.getBoolean("client_keys_required")).isTrue();
    assertThat(proxy.upstream().requests()).as("a health check never spends upstream quota").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/health"})
  void headAnswersLikeGetWithoutABody(String path) {
    RawHttp.Response get = raw("GET", path);
    RawHttp.Response head = raw("HEAD", path);

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.value("content-type")).isEqualTo(get.value("content-type"));
    assertThat(get.body()).isNotEmpty();
    if (head.value("content-length") != null) {
      assertThat(head.value("content-length")).isEqualTo(String.valueOf(get.body().length));
    }
  }

  @Test
  void headThenGetOnOneKeptAliveConnectionStayInStep() {
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      RawHttp.Response head = http.send("HEAD /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read(true);
      RawHttp.Response get = http.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").read(false);

      assertThat(head.status()).isEqualTo(200);
      assertThat(get.status()).isEqualTo(200);
      assertThat(new JsonObject(get.text()).getString("status")).isEqualTo("healthy");
    }
  }

  @Test
  void headWithTheVertxClientToo() {
    int[] statusAndLength = Await.result(proxy.client()
        .request(new RequestOptions().setMethod(HttpMethod.HEAD).setURI("/health"))
        .compose(req -> req.send()
            .compose(resp -> resp.body().map(b -> new int[] {resp.statusCode(), b.length()}))));

    assertThat(statusAndLength).containsExactly(200, 0);
  }

  @Test
  void withoutClientKeysInfoAndHealthSaySo() {
    try (ProxyHarness open = ProxyHarness.start(proxy.vertx())) {
      for (String path : List.of("/", "/health")) {
        JsonObject json = Await.result(open.client()
            .request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path))
            .compose(req -> req.send()
                .compose(resp -> resp.body().map(Buffer::toJsonObject))));
        assertThat(json.getBoolean("client_keys_required")).as(path).isFalse();
      }
    }
  }
}
