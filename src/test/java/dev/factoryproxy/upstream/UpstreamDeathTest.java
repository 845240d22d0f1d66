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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
