package dev.factoryproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawPost;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.http.HttpClientResponse;
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
