package dev.factoryproxy.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawHttp;
import dev.factoryproxy.testing.Recorded;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BODY_TIMEOUT: a client that sends its head and then stalls its body gets 408 in the route's
 * format and loses its connection, without Factory being contacted; a body that keeps coming,
 * however slowly, is never cut, because the limit is between two arrivals, not on the total.
 */
class BodyTimeoutTest {

  private static final Duration BODY_TIMEOUT = Duration.ofMillis(500);
  private static final Duration BOUND = Duration.ofSeconds(10);

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.with(new JsonObject().put("BODY_TIMEOUT", BODY_TIMEOUT.toMillis() + "ms"));

  @Test
  void aBodyThatStallsIs408InTheRoutesShapeAndNeverReachesFactory() {
    long started = System.nanoTime();
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      http.send("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{\"model\":");
      response = http.read(false);
      assertThat(http.untilEof()).as("the connection closes after the 408").isEmpty();
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.status()).isEqualTo(408);
    assertThat(response.values("connection")).containsExactly("close");
    JsonObject error = new JsonObject(response.text());
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getJsonObject("error").getString("message")).contains("BODY_TIMEOUT");
    assertThat(waited).as("answered once the body had been silent for BODY_TIMEOUT, not before")
        .isGreaterThanOrEqualTo(BODY_TIMEOUT).isLessThan(BOUND);
    assertThat(proxy.upstream().acceptedConnections()).as("connections to Factory").isZero();
  }

  @Test
  void aChunkedBodyThatStallsIs408InOpenAiShape() {
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n9\r\n{\"model\":\r\n");
      response = http.read(false);
      assertThat(http.untilEof()).as("the connection closes after the 408").isEmpty();
    }

    assertThat(response.status()).isEqualTo(408);
    assertThat(new JsonObject(response.text()).getJsonObject("error").getString("code")).isEqualTo("request_timeout");
    assertThat(proxy.upstream().acceptedConnections()).as("connections to Factory").isZero();
  }

  @Test
  void aBodyTricklingInFasterThanTheTimeoutIsForwardedWhole() throws InterruptedException {
    // 30 pieces 50 ms apart: three times BODY_TIMEOUT in all, never a tenth of it without a byte.
    String body = "{\"model\":\"glm-4.6\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(30) + "\"}]}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    int pieces = 30;
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + bytes.length + "\r\n\r\n");
      int step = (bytes.length + pieces - 1) / pieces;
      for (int from = 0; from < bytes.length; from += step) {
        Thread.sleep(50); // the client's pace, not a wait for the proxy
        http.send(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + step)));
      }
      response = http.read(false);
    }

    assertThat(response.status()).isEqualTo(200);
    Recorded upstream = proxy.upstream().nextRequest();
    assertThat(upstream.body().getBytes()).isEqualTo(bytes);
  }
}
