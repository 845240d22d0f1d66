package dev.factoryproxy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.Chromium;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code /dashboard} in a real headless chromium: login, live figures, no console errors. */
@ExtendWith(VertxExtension.class)
class DashboardTest {

  private static final String ADMIN = "admin-dashboard-42";
  private static final String MODEL = "claude-sonnet-4-6";
  /** 12 + 100 + 7 in, 30 out: 149 tokens a request. */
  private static final String ANSWER = """
      {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"hi"}],
       "model":"claude-sonnet-4-6","stop_reason":"end_turn","stop_sequence":null,
       "usage":{"input_tokens":12,"output_tokens":30,"cache_read_input_tokens":100,"cache_creation_input_tokens":7}}""";
  private static final Duration LIVE = Duration.ofSeconds(15);

  private static final String ALICE = "fp-alice-dashboard-1";

  @TempDir
  Path dir;
  private ProxyHarness proxy;
  private Chromium browser;

  @AfterEach
  void close() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void theDashboardLogsInWithTheAdminKeyAndShowsTrafficLive(Vertx vertx) throws Exception {
    Path keys = dir.resolve("keys.json");
    Files.writeString(keys, "{\"keys\": [{\"name\": \"alice\", \"key\": \"" + ALICE + "\", \"daily_tokens\": 100000}]}");
    proxy = ProxyHarness.start(vertx, new JsonObject().put("ADMIN_API_KEY", ADMIN).put("KEYS_FILE", keys.toString()));
    proxy.upstream().reply(r -> Reply.json(ANSWER));
    for (int i = 0; i < 3; i++) {
      assertThat(messages()).isEqualTo(200);
    }

    browser = Chromium.start(vertx);
    browser.navigate("http://127.0.0.1:" + proxy.port() + "/dashboard");
    Await.condition("the page loaded", LIVE, () -> "complete".equals(browser.eval("document.readyState"))
        && Boolean.TRUE.equals(browser.eval("!!document.getElementById('login')")));
    assertThat(browser.consoleErrors()).as("console errors at load").isEmpty();
    assertThat(browser.eval("document.getElementById('dash').classList.contains('hidden')")).isEqualTo(true);

    login("not-the-key");
    Await.condition("the wrong key refused", LIVE, () -> !browser.text("#login-error").isEmpty());
    assertThat(browser.eval("document.getElementById('dash').classList.contains('hidden')")).isEqualTo(true);
    assertThat(browser.eval("sessionStorage.getItem('factory-proxy-admin-key')")).isNull();
    // The refused key's 401 is the one error the browser may report (a failed load); nothing else.
    assertThat(browser.consoleErrors()).allSatisfy(e -> assertThat(e).contains("401"));
    browser.forgetEvents();

    login(ADMIN);
    Await.condition("3 requests on the page", LIVE, () -> "3".equals(browser.text("#requests")));
    assertThat(browser.eval("sessionStorage.getItem('factory-proxy-admin-key')")).isEqualTo(ADMIN);
    String model = "#tokens-by-model tr[data-name='" + MODEL + "']";
    Await.condition("the model's tokens", LIVE, () -> String.valueOf(browser.text(model)).contains("447 tokens"));

    for (int i = 0; i < 2; i++) {
      assertThat(messages()).isEqualTo(200);
    }
    Await.condition("5 requests, live", LIVE, () -> "5".equals(browser.text("#requests")));
    Await.condition("the model's tokens, live", LIVE, () -> String.valueOf(browser.text(model)).contains("745 tokens"));
    assertThat(browser.text("#upstream-tokens")).contains("usable");
    assertThat(browser.text("#recent")).contains(MODEL);
    assertThat(browser.text("#status")).isEqualTo("live");
    assertThat(browser.text("#tokens-by-key")).contains("alice").contains("745 tokens");
    // Today's usage and the budget left come from the shared counters (/admin/keys' windows).
    Await.condition("alice's budget", LIVE, () -> String.valueOf(browser.text("#keys")).contains("99,255 tokens"));
    browser.screenshot(Path.of("target", "dashboard.png"));
    String light = String.valueOf(browser.eval("getComputedStyle(document.body).backgroundColor"));
    browser.call("Emulation.setEmulatedMedia", new JsonObject().put("features", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("name", "prefers-color-scheme").put("value", "dark"))));
    assertThat(browser.eval("getComputedStyle(document.body).backgroundColor")).as("a dark scheme").isNotEqualTo(light);
    browser.screenshot(Path.of("target", "dashboard-dark.png"));
    assertThat(browser.consoleErrors()).isEmpty();
  }

  private void login(String key) {
    browser.eval("document.getElementById('admin-key').value = " + io.vertx.core.json.Json.encode(key)
        + "; document.getElementById('login-button').click(); true");
  }

  private int messages() {
    String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    return Await.result(proxy.client().request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages")
            .addHeader("x-api-key", ALICE))
        .compose(req -> req.send(Buffer.buffer(body)).compose(resp -> resp.body().map(b -> resp.statusCode()))));
  }
}
