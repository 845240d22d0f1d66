package dev.factoryproxy.testing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.WireApi;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which requests the mock checks, and the error bodies it answers with. */
class RequestRulesTest {

  private static final String MESSAGES = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @Test
  void aMessagesRequestNeedsTheAnthropicVersionHeader() {
    assertThat(RequestRules.check(request("/api/llm/a/v1/messages", MESSAGES, MultiMap.caseInsensitiveMultiMap())))
        .containsExactly("anthropic-version: header is required");
    assertThat(RequestRules.check(request("/api/llm/a/v1/messages", MESSAGES,
        MultiMap.caseInsensitiveMultiMap().add("anthropic-version", "2023-06-01")))).isEmpty();
  }

  @Test
  void bodiesThatAreNotJsonObjectsAndOtherPathsAreNotChecked() {
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    assertThat(RequestRules.check(request("/api/llm/o/v1/chat/completions", "not json {", none))).isEmpty();
    assertThat(RequestRules.check(request("/api/llm/o/v1/chat/completions", "[1,2]", none))).isEmpty();
    assertThat(RequestRules.check(request("/api/llm/o/v1/models", "{}", none))).isEmpty();
    assertThat(RequestRules.check(request("/api/llm/o/v1/chat/completions", "{}", none))).isNotEmpty();
  }

  @Test
  void errorBodiesHaveEachApisShape() {
    List<String> violations = List.of("model is required", "messages: must be a non-empty array");

    assertThat(JsonTrees.parse(RequestRules.errorBody(WireApi.MESSAGES, violations))).isEqualTo(JsonTrees.parse(
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
            + "\"message\":\"model is required; messages: must be a non-empty array\"}}"));
    assertThat(JsonTrees.parse(RequestRules.errorBody(WireApi.CHAT, violations))).isEqualTo(JsonTrees.parse(
        "{\"error\":{\"message\":\"model is required; messages: must be a non-empty array\","
            + "\"type\":\"invalid_request_error\",\"code\":null}}"));
  }

  private static Recorded request(String path, String body, MultiMap headers) {
    return new Recorded("POST", path, headers, Buffer.buffer(body), Future.succeededFuture());
  }
}
