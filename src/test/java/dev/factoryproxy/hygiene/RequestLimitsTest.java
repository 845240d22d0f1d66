package dev.factoryproxy.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MAX_HEADER_SIZE (431), MAX_URI_LENGTH (414) and MAX_BODY_SIZE (413): each answered in the
 * route's error format, before Factory is contacted, with the connection closed after it.
 */
class RequestLimitsTest {

  private static final int HEADER_LIMIT = 4096;
  private static final int URI_LIMIT = 256;
  private static final String BODY = "{\"model\":\"m\"}";
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final AtomicInteger UPSTREAM_CONTACTS = new AtomicInteger();

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.with(new JsonObject()
      .put("MAX_HEADER_SIZE", "4KiB").put("MAX_URI_LENGTH", URI_LIMIT).put("MAX_BODY_SIZE", "1KiB"));

  private static String post(String target, String extraHeaders) {
    return "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + extraHeaders
        + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;
  }

  /** A target of exactly {@code length} bytes on the messages route. */
  private static String target(int length) {
    String path = "/v1/messages?pad=";
    return path + "x".repeat(length - path.length());
  }

  /** Sends a request that must be refused; returns its answer after checking the connection closed. */
  private RawHttp.Response refused(String request) {
    CASES.incrementAndGet();
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      response = http.send(request).read(false);
      assertThat(http.untilEof()).as("the connection closes after the refusal").isEmpty();
    }
    UPSTREAM_CONTACTS.addAndGet(proxy.upstream().acceptedConnections());
    assertThat(response.values("connection")).containsExactly("close");
    assertThat(response.value("content-type")).isEqualTo("application/json");
    assertThat(proxy.upstream().acceptedConnections()).as("connections to Factory").isZero();
    return response;
  }

  private static JsonObject anthropicError(RawHttp.Response response) {
    JsonObject json = new JsonObject(response.text());
    assertThat(json.getString("type")).isEqualTo("error");
    return json.getJsonObject("error");
  }

  @Test
  void headersOverTheLimitAre431() {
    RawHttp.Response response = refused(post("/v1/messages", "X-Big: " + "h".repeat(HEADER_LIMIT) + "\r\n"));

    assertThat(response.status()).isEqualTo(431);
    assertThat(anthropicError(response).getString("message")).contains("MAX_HEADER_SIZE");
  }

  @Test
  void manySmallHeadersOverTheLimitAre431() {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      headers.append("X-Small-").append(i).append(": ").append("v".repeat(20)).append("\r\n");
    }
    RawHttp.Response response = refused(post("/v1/chat/completions", headers.toString()));

    assertThat(response.status()).isEqualTo(431);
    JsonObject error = new JsonObject(response.text()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("headers_too_large");
  }

  @Test
  void headersUnderTheLimitPass() {
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      String request = post("/v1/messages", "X-Big: " + "h".repeat(HEADER_LIMIT - 200) + "\r\n");
      assertThat(http.send(request).read(false).status()).isEqualTo(200);
    }
    assertThat(proxy.upstream().nextRequest().headers().get("x-big")).hasSize(HEADER_LIMIT - 200);
  }

  @Test
  void aTargetOneByteOverTheLimitIs414() {
    RawHttp.Response response = refused(post(target(URI_LIMIT + 1), ""));

    assertThat(response.status()).isEqualTo(414);
    assertThat(anthropicError(response).getString("message")).contains("MAX_URI_LENGTH");
  }

  @Test
  void aRequestLineFarOverTheLimitIs414FromTheDecoder() {
    RawHttp.Response response = refused(post(target(URI_LIMIT * 4), ""));

    assertThat(response.status()).isEqualTo(414);
    // The decoder gave up before the path was known: the OpenAI envelope, the common one.
    JsonObject error = new JsonObject(response.text()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("uri_too_long");
  }

  @Test
  void aTargetAtTheLimitIsForwardedWithItsQuery() {
    String target = target(URI_LIMIT);
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      assertThat(http.send(post(target, "")).read(false).status()).isEqualTo(200);
    }
    assertThat(proxy.upstream().nextRequest().uri())
        .isEqualTo("/api/llm/a/v1/messages" + target.substring("/v1/messages".length()));
  }

  /**
   * A chunked body that crosses the limit and never ends: the proxy answers 413, stops reading
   * and closes. A client writing 64 MiB must be cut off, not drained to the end.
   */
  @Test
  void anEndlessChunkedBodyIsCutAtTheLimitNotDrained() throws Exception {
    CASES.incrementAndGet();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", proxy.port()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      CompletableFuture<Long> written = CompletableFuture.supplyAsync(() -> {
        long total = 0;
        try {
          for (int i = 0; i < 4096; i++) { // 64 MiB, never terminated
            out.write(chunk);
            total += chunk.length;
          }
          return total;
        } catch (IOException cutOff) {
          return -total;
        }
      });

      java.io.InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 413");
      in.readAllBytes(); // until the proxy's half-close
      long result = written.get(20, TimeUnit.SECONDS);
      assertThat(result).as("the writer was cut off (negative) before 64 MiB went through").isNegative();
    }
    UPSTREAM_CONTACTS.addAndGet(proxy.upstream().acceptedConnections());
    assertThat(proxy.upstream().acceptedConnections()).isZero();
  }

  @AfterAll
  static void record() {
    Figures.record("request limit cases tried (431/414/413)", String.valueOf(CASES.get()));
    Figures.record("upstream connections caused by requests over a limit", String.valueOf(UPSTREAM_CONTACTS.get()));
  }
}
