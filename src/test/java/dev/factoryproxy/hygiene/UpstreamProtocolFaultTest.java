package dev.factoryproxy.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawPost;
import dev.factoryproxy.testing.RawUpstream;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upstream that answers with broken HTTP. Before any of the answer reached the client, the
 * client gets a 502 in the route's error format; once the head went out, the only honest signal
 * left is a visible cut: a chunked body without its terminating chunk. Nothing is invented.
 */
class UpstreamProtocolFaultTest {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String BODY = "{\"model\":\"m\",\"stream\":true}";
  private static final AtomicInteger CASES = new AtomicInteger();

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.startedByTest();

  private RawUpstream upstream;

  @BeforeEach
  void start() {
    upstream = RawUpstream.start(proxy.vertx());
    // One attempt per request: what a broken answer becomes is the subject here; that Factory's
    // broken answers are retried on another token is TokenFailoverTest's.
    proxy.start(new JsonObject().put("FACTORY_BASE_URL", upstream.baseUrl()).put("STREAM_IDLE_TIMEOUT", "5s")
        .put("MAX_RETRIES", 0));
  }

  @AfterEach
  void stop() {
    upstream.close();
  }

  static Stream<Arguments> brokenBeforeTheBody() {
    return Stream.of(
        Arguments.of("garbage status line", "HELLO WORLD\r\n\r\n", true),
        Arguments.of("non-numeric status", "HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}", false),
        Arguments.of("unknown protocol version", "HTTP/7.3 200 OK\r\nContent-Length: 2\r\n\r\n{}", false),
        Arguments.of("two differing Content-Length",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}",
            false),
        Arguments.of("bad chunk size before any data",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            false),
        Arguments.of("unknown transfer coding",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "2\r\n{}\r\n0\r\n\r\n", false),
        Arguments.of("transfer coding that is not chunked",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: xchunked\r\n\r\n{}", true),
        Arguments.of("chunked twice",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked, chunked\r\n\r\n"
                + "2\r\n{}\r\n0\r\n\r\n", false),
        Arguments.of("closed after a partial status line", "HTTP/1.1 20", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenBeforeTheBody")
  void aBrokenAnswerBeforeAnyBodyIs502InTheRouteShape(String name, String answer, boolean closeAfter) {
    CASES.incrementAndGet();
    upstream.answer(answer, closeAfter);

    RawPost.Response response = RawPost.post(proxy.port(), "/v1/messages", BODY, BOUND);

    assertThat(response.status()).as(name).isEqualTo(502);
    String body = response.chunked() ? new String(response.data(), StandardCharsets.UTF_8)
        : new String(response.body(), StandardCharsets.UTF_8);
    JsonObject error = new JsonObject(body);
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getJsonObject("error").getString("type")).isEqualTo("api_error");
    assertThat(response.header("content-type")).isEqualTo("application/json");
    assertThat(upstream.requests()).isEqualTo(1);
  }

  @Test
  void theOpenaiRoutesAnswerInTheOpenaiShape() {
    CASES.incrementAndGet();
    upstream.answer("HELLO WORLD\r\n\r\n", true);

    RawPost.Response response = RawPost.post(proxy.port(), "/v1/chat/completions", BODY, BOUND);

    assertThat(response.status()).isEqualTo(502);
    JsonObject error = new JsonObject(new String(response.body(), StandardCharsets.UTF_8)).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("upstream_unavailable");
  }

  @Test
  void aBadChunkAfterStreamedEventsIsAVisibleCut() {
    CASES.incrementAndGet();
    String event = "event: ping\ndata: {}\n\n";
    upstream.answer("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(event.length()) + "\r\n" + event + "\r\nnot-hex\r\nmore\r\n0\r\n\r\n", false);

    RawPost.Response response = RawPost.post(proxy.port(), "/v1/messages", BODY, BOUND);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.chunked()).isTrue();
    assertThat(new String(response.data(), StandardCharsets.UTF_8)).isEqualTo(event);
    assertThat(response.terminated()).as("ended with a terminating chunk").isFalse();
  }

  @Test
  void aBadChunkAfterJsonDataIsAVisibleCut() {
    CASES.incrementAndGet();
    upstream.answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "6\r\n{\"id\":\r\nnot-hex\r\n\"x\"}\r\n0\r\n\r\n", false);

    RawPost.Response response = RawPost.post(proxy.port(), "/v1/messages", BODY, BOUND);

    assertThat(response.status()).isEqualTo(200);
    assertThat(new String(response.data(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":");
    assertThat(response.terminated()).isFalse();
  }

  /**
   * Content-Length and chunked together (RFC 9112 §6.3): Netty's client decoder frames by the
   * chunks and drops the length before the proxy sees the answer, which is what the RFC asks of
   * an intermediary that forwards such a message. The client gets the chunk-framed body, chunked
   * again, and no Content-Length that could disagree with it.
   */
  @Test
  void contentLengthWithChunkedIsFramedByTheChunksAlone() {
    CASES.incrementAndGet();
    upstream.answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + "d\r\n{\"id\":\"full\"}\r\n0\r\n\r\n", false);

    RawPost.Response response = RawPost.post(proxy.port(), "/v1/messages", BODY, BOUND);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("content-length")).isNull();
    assertThat(response.chunked()).isTrue();
    assertThat(response.terminated()).isTrue();
    assertThat(new String(response.data(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"full\"}");
  }

  @AfterAll
  static void record() {
    Figures.record("broken upstream answer cases tried", String.valueOf(CASES.get()));
  }
}
