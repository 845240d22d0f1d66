package dev.factoryproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.LoggedErrors;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.RawUpstream;
import dev.factoryproxy.testing.RawPost;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When Factory dies in the middle of a stream, the client sees a cut stream, never a clean
 * end: an SDK must be able to tell a truncated answer from a complete one, so the proxy
 * neither ends the chunked body properly nor invents the format's closing event.
 */
class UpstreamDeathTest {

  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String TEXT = "a partial answer that never finishes";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();
  @RegisterExtension
  final LoggedErrors logged = new LoggedErrors();

  /** Each format, cut before its closing events, and the marker of a finished stream. */
  static Stream<Arguments> truncatedStreams() {
    List<String> responses = WireFormats.responsesEvents("gpt-5", TEXT);
    List<String> messages = WireFormats.anthropicEvents("claude", TEXT);
    List<String> chat = WireFormats.chatChunks("glm", TEXT);
    return Stream.of(
        Arguments.of("/v1/responses", responses.subList(0, responses.size() - 1), "response.completed"),
        Arguments.of("/v1/messages", messages.subList(0, messages.size() - 2), "message_stop"),
        Arguments.of("/v1/chat/completions", chat.subList(0, chat.size() - 2), "[DONE]"));
  }

  @ParameterizedTest
  @MethodSource("truncatedStreams")
  void clientSeesTheEventsThenAnAbruptClose(String path, List<String> sent, String finishedMarker) {
    proxy.upstream().reply(Reply.sseThenDrop(sent, Duration.ofMillis(20)));

    ClientExchange call = ClientExchange.post(proxy.client(), path, "{\"model\":\"m\",\"stream\":true}");
    HttpClientResponse response = Await.result(call.response(), BOUND);
    call.awaitCut(BOUND);

    assertThat(response.statusCode()).isEqualTo(200);
    String received = call.received().toString(StandardCharsets.UTF_8);
    assertThat(received).isEqualTo(String.join("", sent));
    assertThat(received).doesNotContain(finishedMarker);
  }

  @ParameterizedTest
  @MethodSource("truncatedStreams")
  void theChunkedBodyLacksItsTerminatingChunk(String path, List<String> sent, String finishedMarker) {
    proxy.upstream().reply(Reply.sseThenDrop(sent, Duration.ofMillis(20)));

    RawPost.Response response = RawPost.post(proxy.port(), path, "{\"model\":\"m\",\"stream\":true}", BOUND);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.chunked()).isTrue();
    assertThat(response.terminated()).as("the body ended with a zero-length chunk").isFalse();
    String data = new String(response.data(), StandardCharsets.UTF_8);
    assertThat(data).isEqualTo(String.join("", sent));
    assertThat(data).doesNotContain(finishedMarker);
  }

  /**
   * Upstream bodies cut where only a raw socket can cut them, each followed by an orderly
   * close (FIN) or a TCP reset (RST): the client sees an abrupt end either way.
   *
   * @param pieces the raw response, written 20 ms apart, then the connection is closed
   * @param complete the body data before the cut that must reach the client
   * @param whole everything the body would have held; what reaches the client is a prefix of it
   */
  static Stream<Arguments> cutBodies() {
    String head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
    String first = "data: {\"delta\":\"first\"}\n\n";
    String second = "data: {\"delta\":\"second and last\"}\n\n";
    String whole = first + second + "data: [DONE]\n\n";
    String firstChunk = chunk(first);
    String secondChunk = chunk(second);
    String json = WireFormats.chatCompletion("glm", TEXT);
    Stream<Arguments> cuts = Stream.of(
        Arguments.of("inside a chunk's data",
            List.of(head, firstChunk, secondChunk.substring(0, secondChunk.length() / 2)), first, whole),
        Arguments.of("inside a chunk-size line",
            List.of(head, firstChunk, Integer.toHexString(second.length()).substring(0, 1)), first, whole),
        Arguments.of("after a chunk's data, before its CRLF",
            List.of(head, firstChunk, secondChunk.substring(0, secondChunk.length() - 2)), first, whole),
        Arguments.of("after whole chunks, without the terminating chunk",
            List.of(head, firstChunk, secondChunk), first + second, whole),
        Arguments.of("a Content-Length body closed short",
            List.of("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + json.length()
                + "\r\n\r\n", json.substring(0, 40)), "", json));
    return cuts.flatMap(cut -> Stream.of(RawUpstream.Ending.values()).map(ending -> {
      Object[] args = cut.get();
      return Arguments.of(args[0], ending, args[1], args[2], args[3]);
    }));
  }

  private static String chunk(String data) {
    return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
  }

  @ParameterizedTest(name = "{0}, then {1}")
  @MethodSource("cutBodies")
  void aBodyCutByTheUpstreamIsCutForTheClient(String where, RawUpstream.Ending ending, List<String> pieces,
                                              String complete, String whole) {
    try (RawUpstream upstream = RawUpstream.start(proxy.vertx(), pieces, Duration.ofMillis(20), ending);
         ProxyHarness cut = ProxyHarness.start(proxy.vertx(),
             new JsonObject().put("FACTORY_BASE_URL", upstream.baseUrl()))) {

      RawPost.Response response = RawPost.post(cut.port(), "/v1/chat/completions",
          "{\"model\":\"m\",\"stream\":true}", BOUND);

      assertThat(response.status()).isEqualTo(200);
      assertThat(upstream.requests()).isEqualTo(1);
      String data = new String(response.chunked() ? response.data() : response.body(), StandardCharsets.UTF_8);
      assertThat(data).startsWith(complete);
      assertThat(whole).startsWith(data);
      assertThat(data).isNotEqualTo(whole);
      if (response.chunked()) {
        assertThat(response.terminated()).as("the body ended with a zero-length chunk").isFalse();
      } else {
        assertThat(response.header("content-length")).isEqualTo(String.valueOf(whole.length()));
        assertThat(response.body().length).isLessThan(whole.length());
      }
      // The access log says outcome=upstream_error for this request; a bare "Connection reset"
      // error line without it would only be noise.
      assertThat(logged.lines()).as("warnings and errors logged").isEmpty();
    }
  }

  @Test
  void aSlowClientStillGetsEveryByteSentBeforeTheCut() throws Exception {
    // The upstream sends 4 MB and dies at once; the client reads slowly, so when the proxy
    // learns of the death most of the stream is still on its way. The cut must come after it,
    // not instead of it: those tokens were generated and paid for. The upstream is a blocking
    // socket, so every byte is in its kernel's hands before the FIN that follows them.
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      all.append("data: {\"n\":").append(i).append(",\"pad\":\"").append("x".repeat(980)).append("\"}\n\n");
    }
    String sent = all.toString();
    try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ProxyHarness cut = ProxyHarness.start(proxy.vertx(), new JsonObject()
             .put("FACTORY_BASE_URL", "http://127.0.0.1:" + upstream.getLocalPort() + "/api/llm"))) {
      CompletableFuture<Void> upstreamDone = CompletableFuture.runAsync(() -> sendThenClose(upstream, sent));

      RawPost.Response response = slowPost(cut.port(), "/v1/chat/completions", "{\"model\":\"m\",\"stream\":true}");
      upstreamDone.get(BOUND.toSeconds(), TimeUnit.SECONDS);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.terminated()).as("the body ended with a zero-length chunk").isFalse();
      byte[] data = response.data();
      assertThat(data.length).as("bytes of %d the slow client got", sent.length()).isEqualTo(sent.length());
      assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(sent);
    }
  }

  /** Answers one request with {@code body} as one chunk, without the terminating chunk, then closes. */
  private static void sendThenClose(ServerSocket listener, String body) {
    try (Socket socket = listener.accept()) {
      socket.setSoTimeout((int) BOUND.toMillis());
      InputStream in = socket.getInputStream();
      String head = "";
      while (!head.endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("request head cut: " + head);
        }
        head += (char) b;
      }
      int length = Integer.parseInt(head.replaceAll("(?is).*\r\ncontent-length:\\s*(\\d+).*", "$1"));
      in.readNBytes(length);
      byte[] data = body.getBytes(StandardCharsets.UTF_8);
      socket.getOutputStream().write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
          + "transfer-encoding: chunked\r\n\r\n" + Integer.toHexString(data.length) + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(data);
      socket.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A POST whose reader takes 8 KiB at a time with a pause after each, through a small socket buffer. */
  private static RawPost.Response slowPost(int port, String path, String json) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(8 * 1024);
      socket.setSoTimeout((int) BOUND.toMillis());
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json)
          .getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8 * 1024];
      boolean reset = false;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketException e) {
          reset = true;
          break;
        }
        if (n < 0) {
          break;
        }
        received.write(buffer, 0, n);
        // The pace of a slow client: the scenario, not a wait for a result.
        LockSupport.parkNanos(200_000);
      }
      String text = received.toString(StandardCharsets.ISO_8859_1);
      int blank = text.indexOf("\r\n\r\n");
      assertThat(blank).as("a response head").isPositive();
      byte[] bytes = received.toByteArray();
      return new RawPost.Response(text.substring(0, blank), Arrays.copyOfRange(bytes, blank + 4, bytes.length), reset);
    }
  }

  @Test
  void aStreamThatFinishesEndsWithTheTerminatingChunk() {
    // The counterpart of the above: the check tells a clean end from a cut one.
    List<String> events = WireFormats.chatChunks("glm", TEXT);
    proxy.upstream().reply(Reply.sse(events, Duration.ofMillis(5)));

    RawPost.Response response = RawPost.post(proxy.port(), "/v1/chat/completions",
        "{\"model\":\"m\",\"stream\":true}", BOUND);

    assertThat(response.chunked()).isTrue();
    assertThat(response.terminated()).isTrue();
    assertThat(new String(response.data(), StandardCharsets.UTF_8)).isEqualTo(String.join("", events));
  }

  @Test
  void aJsonBodyCutShortOfItsContentLengthIsCutForTheClientToo() {
    String json = WireFormats.anthropicMessage("claude", TEXT);
    String half = json.substring(0, json.length() / 2);
    proxy.upstream().reply((vertx, request, response, done) -> {
      response.putHeader("content-type", "application/json")
          .putHeader("content-length", String.valueOf(json.length()));
      response.write(half);
      vertx.setTimer(50, id -> {
        done.run();
        response.reset();
      });
    });

    ClientExchange call = ClientExchange.post(proxy.client(), "/v1/messages", "{\"model\":\"m\"}");
    HttpClientResponse response = Await.result(call.response(), BOUND);
    call.awaitCut(BOUND);

    assertThat(response.getHeader("content-length")).isEqualTo(String.valueOf(json.length()));
    assertThat(call.received().toString(StandardCharsets.UTF_8)).isEqualTo(half);
  }
}
