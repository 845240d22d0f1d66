package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three wire formats Factory speaks cross the proxy untouched, streamed and not, each on
 * its own route: no event is dropped, merged, reformatted or added, down to the final
 * {@code data: [DONE]} of Chat Completions.
 */
class WireFormatPassthroughTest {

  private static final String TEXT = "Streaming through the proxy, «unchanged» — 世界 🚀";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.defaults();

  static Stream<Arguments> streams() {
    return Stream.of(
        Arguments.of("/v1/responses", "gpt-5", WireFormats.responsesEvents("gpt-5", TEXT)),
        Arguments.of("/v1/messages", "claude-sonnet-4-5", WireFormats.anthropicEvents("claude-sonnet-4-5", TEXT)),
        Arguments.of("/v1/chat/completions", "glm-4.6", WireFormats.chatChunks("glm-4.6", TEXT)));
  }

  static Stream<Arguments> documents() {
    return Stream.of(
        Arguments.of("/v1/responses", WireFormats.responsesResponse("gpt-5", TEXT)),
        Arguments.of("/v1/messages", WireFormats.anthropicMessage("claude-sonnet-4-5", TEXT)),
        Arguments.of("/v1/chat/completions", WireFormats.chatCompletion("glm-4.6", TEXT)));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void streamedEventsPassByteForByte(String path, String model, List<String> events) {
    proxy.upstream().reply(Reply.sse(events, Duration.ofMillis(5)));

    ClientExchange call = ClientExchange.post(proxy.client(), path, "{\"model\":\"" + model + "\",\"stream\":true}");
    HttpClientResponse response = Await.result(call.response());
    Buffer body = Await.result(call.body());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("text/event-stream");
    assertThat(body.getBytes()).isEqualTo(Reply.utf8(String.join("", events)).getBytes());
    assertThat(call.eventArrivals()).hasSize(events.size());
    if (path.equals("/v1/chat/completions")) {
      assertThat(body.toString()).endsWith("data: [DONE]\n\n");
    }
  }

  @ParameterizedTest
  @MethodSource("documents")
  void nonStreamingJsonPassesByteForByte(String path, String json) {
    proxy.upstream().reply(Reply.json(200, json, Map.of("x-request-id", "req_passthrough")));

    ClientExchange call = ClientExchange.post(proxy.client(), path, "{\"model\":\"m\",\"stream\":false}");
    HttpClientResponse response = Await.result(call.response());
    Buffer body = Await.result(call.body());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    assertThat(response.getHeader("content-length")).isEqualTo(String.valueOf(Reply.utf8(json).length()));
    assertThat(response.getHeader("x-request-id")).isEqualTo("req_passthrough");
    assertThat(body.getBytes()).isEqualTo(Reply.utf8(json).getBytes());
  }

  @ParameterizedTest
  @MethodSource("streams")
  void theMockDefaultsAlsoPassUnchanged(String path, String model, List<String> ignored) {
    // The mock's own per-path defaults (no explicit reply): what a real client would get.
    ClientExchange call = ClientExchange.post(proxy.client(), path, "{\"model\":\"" + model + "\",\"stream\":true}");
    Buffer body = Await.result(call.body());

    List<String> expected = switch (path) {
      case "/v1/responses" -> WireFormats.responsesEvents(model, "Hello from the mock");
      case "/v1/messages" -> WireFormats.anthropicEvents(model, "Hello from the mock");
      default -> WireFormats.chatChunks(model, "Hello from the mock");
    };
    assertThat(body.getBytes()).isEqualTo(Reply.utf8(String.join("", expected)).getBytes());
  }
}
