package dev.factoryproxy.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests whose body length two HTTP parsers could read differently. Each is refused with a
 * 400 in the route's error format, the connection is closed (what follows on it could be a
 * smuggled request), and Factory is never contacted. Every case carries a second, smuggled
 * request after the first one's body: had the proxy read the framing one way and a second
 * parser the other, that request would show up as a second answer or an upstream call.
 */
class RequestSmugglingTest {

  private static final String BODY = "{\"model\":\"claude-x\",\"max_tokens\":5}";
  private static final String SMUGGLED = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
      + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final AtomicInteger UPSTREAM_CONTACTS = new AtomicInteger();

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  private static String chunked(String body) {
    return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  private static String head(String version, String... headers) {
    StringBuilder text = new StringBuilder("POST /v1/messages " + version + "\r\nHost: localhost\r\n"
        + "Content-Type: application/json\r\n");
    for (String header : headers) {
      text.append(header).append("\r\n");
    }
    return text.append("\r\n").toString();
  }

  static Stream<Arguments> smuggling() {
    String cl = "Content-Length: " + BODY.length();
    return Stream.of(
        Arguments.of("CL then TE", head("HTTP/1.1", cl, "Transfer-Encoding: chunked") + chunked(BODY)),
        Arguments.of("TE then CL", head("HTTP/1.1", "Transfer-Encoding: chunked", cl) + chunked(BODY)),
        Arguments.of("TE then CL: 0", head("HTTP/1.1", "Transfer-Encoding: chunked", "Content-Length: 0")
            + chunked(BODY)),
        Arguments.of("two differing CL", head("HTTP/1.1", cl, "Content-Length: 3") + BODY),
        Arguments.of("two equal CL", head("HTTP/1.1", cl, cl) + BODY),
        Arguments.of("CL list", head("HTTP/1.1", cl + ", 3") + BODY),
        Arguments.of("two differing CL in HTTP/1.0", head("HTTP/1.0", cl, "Content-Length: 3") + BODY),
        Arguments.of("CL with a sign", head("HTTP/1.1", "Content-Length: +" + BODY.length()) + BODY),
        Arguments.of("CL in hex", head("HTTP/1.1", "Content-Length: 0x" + Integer.toHexString(BODY.length()))
            + BODY),
        Arguments.of("TE chunked, chunked", head("HTTP/1.1", "Transfer-Encoding: chunked, chunked") + chunked(BODY)),
        Arguments.of("TE chunked twice", head("HTTP/1.1", "Transfer-Encoding: chunked", "Transfer-Encoding: chunked")
            + chunked(BODY)),
        Arguments.of("TE gzip, chunked", head("HTTP/1.1", "Transfer-Encoding: gzip, chunked") + chunked(BODY)),
        Arguments.of("TE chunked, identity", head("HTTP/1.1", "Transfer-Encoding: chunked, identity") + chunked(BODY)),
        Arguments.of("TE identity", head("HTTP/1.1", "Transfer-Encoding: identity", cl) + BODY),
        Arguments.of("TE identity without CL", head("HTTP/1.1", "Transfer-Encoding: identity") + BODY),
        Arguments.of("TE xchunked", head("HTTP/1.1", "Transfer-Encoding: xchunked", cl) + BODY),
        Arguments.of("TE xchunked without CL", head("HTTP/1.1", "Transfer-Encoding: xchunked") + chunked(BODY)),
        Arguments.of("TE chunked in HTTP/1.0", head("HTTP/1.0", "Transfer-Encoding: chunked") + chunked(BODY)),
        Arguments.of("TE with space before colon", head("HTTP/1.1", "Transfer-Encoding : chunked", cl)
            + chunked(BODY)),
        Arguments.of("obs-fold of TE value", head("HTTP/1.1", cl, "Transfer-Encoding:", " chunked") + chunked(BODY)),
        Arguments.of("obs-fold with space", head("HTTP/1.1", cl, "X-Folded: first", " second") + BODY),
        Arguments.of("obs-fold with tab", head("HTTP/1.1", cl, "X-Folded: first", "\tsecond") + BODY),
        Arguments.of("whitespace before the first header",
            "POST /v1/messages HTTP/1.1\r\n Transfer-Encoding: chunked\r\nHost: localhost\r\n" + cl + "\r\n\r\n"
                + BODY),
        Arguments.of("header name with a space", head("HTTP/1.1", "X Bad: 1", cl) + BODY),
        Arguments.of("header line without a colon", head("HTTP/1.1", "X-No-Colon", cl) + BODY),
        Arguments.of("bare CR in a value", head("HTTP/1.1", "X-Bad: a\rb", cl) + BODY),
        Arguments.of("NUL in a value", head("HTTP/1.1", "X-Bad: a\0b", cl) + BODY),
        Arguments.of("two Host headers", head("HTTP/1.1", "Host: evil.example", cl) + BODY),
        Arguments.of("no Host in HTTP/1.1",
            "POST /v1/messages HTTP/1.1\r\nContent-Type: application/json\r\n" + cl + "\r\n\r\n" + BODY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smuggling")
  void ambiguousFramingIs400ThenCloseAndNeverReachesFactory(String name, String request) {
    CASES.incrementAndGet();
    RawHttp.Response response;
    byte[] afterwards;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      response = http.send(request + SMUGGLED).read(false);
      afterwards = http.untilEof();
    }
    UPSTREAM_CONTACTS.addAndGet(proxy.upstream().acceptedConnections());

    assertThat(response.status()).as(name).isEqualTo(400);
    assertThat(response.value("content-type")).isEqualTo("application/json");
    JsonObject error = new JsonObject(response.text());
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getJsonObject("error").getString("message")).startsWith("malformed request");
    assertThat(response.values("connection")).containsExactly("close");
    assertThat(afterwards).as("nothing after the 400: the connection closed, the smuggled request unanswered")
        .isEmpty();
    assertThat(proxy.upstream().acceptedConnections()).as("connections to Factory").isZero();
    assertThat(proxy.upstream().requests()).isEmpty();
  }

  @Test
  void openaiRoutesAnswerInTheOpenaiShape() {
    CASES.incrementAndGet();
    RawHttp.Response response;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      response = http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n" + chunked("{}")).read(false);
    }
    UPSTREAM_CONTACTS.addAndGet(proxy.upstream().acceptedConnections());

    assertThat(response.status()).isEqualTo(400);
    JsonObject error = new JsonObject(response.text()).getJsonObject("error");
    assertThat(error.fieldNames()).containsExactlyInAnyOrder("message", "type", "code");
    assertThat(error.getString("code")).isEqualTo("malformed_request");
    assertThat(error.getString("message")).contains("Content-Length and Transfer-Encoding");
    assertThat(proxy.upstream().acceptedConnections()).isZero();
  }

  /** The counterpart: the same requests framed one unambiguous way are forwarded, body intact. */
  @Test
  void cleanlyFramedRequestsOnOneConnectionAreAllForwarded() {
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      for (String request : List.of(
          head("HTTP/1.1", "Content-Length: " + BODY.length()) + BODY,
          head("HTTP/1.1", "Transfer-Encoding: chunked") + chunked(BODY),
          head("HTTP/1.1", "Transfer-Encoding: CHUNKED") + chunked(BODY),
          head("HTTP/1.1", "X-Spaced:   value with  inner spaces  ", "Content-Length: " + BODY.length()) + BODY)) {
        assertThat(http.send(request).read(false).status()).isEqualTo(200);
      }
    }
    assertThat(proxy.upstream().requests()).hasSize(4)
        .allSatisfy(r -> assertThat(r.body().toString()).isEqualTo(BODY));
  }

  /** Two requests in one write: the second one's framing is judged on its own. */
  @Test
  void aPipelinedCleanRequestIsAnsweredAndAFoldedOneAfterItIsRefused() {
    CASES.incrementAndGet();
    String clean = head("HTTP/1.1", "Content-Length: " + BODY.length()) + BODY;
    String folded = head("HTTP/1.1", "Content-Length: " + BODY.length(), "X-Folded: a", " b") + BODY;
    try (RawHttp http = RawHttp.connect(proxy.port())) {
      http.send(clean + clean + folded);
      assertThat(http.read(false).status()).isEqualTo(200);
      assertThat(http.read(false).status()).isEqualTo(200);
      assertThat(http.read(false).status()).isEqualTo(400);
      assertThat(http.untilEof()).isEmpty();
    }
    assertThat(proxy.upstream().requests()).hasSize(2);
  }

  /** A fold that arrives a byte at a time, split wherever the reads fall, is caught all the same. */
  @Test
  void aFoldArrivingOneByteAtATimeIsRefused() throws Exception {
    CASES.incrementAndGet();
    byte[] request = (head("HTTP/1.1", "Content-Length: " + BODY.length(), "X-Folded: a", " b") + BODY)
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", proxy.port())) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      for (byte b : request) {
        out.write(b);
        out.flush();
      }
      String head = new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 400");
    }
    UPSTREAM_CONTACTS.addAndGet(proxy.upstream().acceptedConnections());
    assertThat(proxy.upstream().acceptedConnections()).isZero();
  }

  @AfterAll
  static void record() {
    Figures.record("request smuggling cases tried", String.valueOf(CASES.get()));
    Figures.record("upstream connections caused by rejected smuggling cases", String.valueOf(UPSTREAM_CONTACTS.get()));
  }
}
