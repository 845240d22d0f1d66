package dev.factoryproxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client-side checkers see a canary that reaches a client. The mock upstream is made to
 * misbehave (it echoes the canary, which the real proxy passes through as it passes every
 * upstream answer), and each test drains what was reported so that it passes itself.
 */
class CanaryCheckersTest {

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  private String post(String body) {
    return Await.result(proxy.client().request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/messages"))
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(Buffer::toString)));
  }

  @Test
  void theHarnessClientReportsACanaryInAResponseBodyEvenSplitAcrossChunks() {
    String token = Canary.TOKEN;
    proxy.upstream().reply(Reply.chunks("application/json", List.of(
        Buffer.buffer("{\"leak\":\"" + token.substring(0, 9)), Buffer.buffer(token.substring(9) + "\"}")),
        java.time.Duration.ofMillis(20)));

    post("{\"model\":\"m\"}");

    assertThat(LeakWatch.installed().drain()).singleElement().asString()
        .contains("reached a response to the test client");
  }

  @Test
  void theHarnessClientReportsABase64CanaryInAResponseHeader() {
    String encoded = Base64.getEncoder().encodeToString(("Bearer " + Canary.TOKEN).getBytes(StandardCharsets.UTF_8));
    proxy.upstream().reply(Reply.json(200, "{}", Map.of("x-debug-auth", encoded)));

    post("{\"model\":\"m\"}");

    assertThat(LeakWatch.installed().drain()).isNotEmpty().allSatisfy(f -> assertThat(f).contains("canary"));
  }

  @Test
  void rawClientsReportACanaryInWhatTheyRead() {
    proxy.upstream().reply(Reply.json(200, "{\"k\":\"" + Canary.TOKEN + "\"}", Map.of()));
    String body = "{\"model\":\"m\"}";

    try (RawHttp raw = RawHttp.connect(proxy.port())) {
      raw.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body).read(false);
    }
    assertThat(LeakWatch.installed().drain()).singleElement().asString().contains("RawHttp");

    RawPost.post(proxy.port(), "/v1/messages", body, Await.DEFAULT);
    assertThat(LeakWatch.installed().drain()).singleElement().asString().contains("RawPost");

    ClientExchange exchange = ClientExchange.post(proxy.client(), "/v1/messages", body);
    Await.result(exchange.body());
    assertThat(LeakWatch.installed().drain()).hasSize(2).anySatisfy(f -> assertThat(f).contains("ClientExchange"));
  }

  @Test
  void aCleanExchangeReportsNothing() {
    assertThat(post("{\"model\":\"m\"}")).contains("Hello from the mock");
    assertThat(LeakWatch.installed().drain()).isEmpty();
  }
}
