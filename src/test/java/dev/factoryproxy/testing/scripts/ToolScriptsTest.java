package dev.factoryproxy.testing.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.translate.JsonTrees;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scripts themselves: streamed tool arguments come in several pieces that add up to the
 * arguments, and the conversation switches to its final text exactly when a tool result came back.
 * (That the SDKs accept what the scripts send is PassthroughSdkTest's job.)
 */
class ToolScriptsTest {

  private static final ToolCall CALL = new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
  private static final ToolCall SECOND = new ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}");
  private static final ScriptedAnswer TWO_CALLS = ScriptedAnswer.calling(CALL, SECOND).withReasoning("Two cities.");

  @Test
  void argumentsAreCutIntoPiecesThatAddUp() {
    assertThat(CALL.argumentPieces()).hasSizeGreaterThan(1);
    assertThat(String.join("", CALL.argumentPieces())).isEqualTo(CALL.arguments());
  }

  @Test
  void anthropicInputJsonDeltasAddUpPerBlock() {
    List<JsonNode> events = data(AnthropicScript.events("claude", TWO_CALLS));
    StringBuilder second = new StringBuilder();
    events.stream().filter(e -> e.path("index").asInt() == 2 && e.path("delta").has("partial_json"))
        .forEach(e -> second.append(e.path("delta").path("partial_json").asText()));
    assertThat(second.toString()).isEqualTo(SECOND.arguments());
    assertThat(events.get(1).path("content_block").path("type").asText()).isEqualTo("thinking");
    assertThat(events).anySatisfy(e -> assertThat(e.path("delta").path("type").asText()).isEqualTo("signature_delta"));
    assertThat(events.get(events.size() - 2).path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
  }

  @Test
  void chatToolCallDeltasAddUpPerIndexAndUsageComesLast() {
    List<String> chunks = ChatScript.chunks("glm", TWO_CALLS, true);
    assertThat(chunks.get(chunks.size() - 1)).isEqualTo("data: [DONE]\n\n");
    List<JsonNode> data = data(chunks.subList(0, chunks.size() - 1));
    StringBuilder first = new StringBuilder();
    data.stream().flatMap(d -> d.path("choices").findValues("tool_calls").stream()).flatMap(t -> stream(t))
        .filter(t -> t.path("index").asInt() == 0)
        .forEach(t -> first.append(t.path("function").path("arguments").asText()));
    assertThat(first.toString()).isEqualTo(CALL.arguments());
    JsonNode last = data.get(data.size() - 1);
    assertThat(last.path("choices")).isEmpty();
    assertThat(last.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(1024);
  }

  @Test
  void responsesEventsAreNumberedAndFunctionArgumentsAddUp() {
    List<JsonNode> events = data(ResponsesScript.events("gpt", TWO_CALLS));
    assertThat(events).extracting(e -> e.path("sequence_number").asInt()).isSorted().doesNotHaveDuplicates();
    StringBuilder second = new StringBuilder();
    events.stream().filter(e -> e.path("type").asText().equals("response.function_call_arguments.delta")
        && e.path("item_id").asText().equals("fc_mockscripted_1"))
        .forEach(e -> second.append(e.path("delta").asText()));
    assertThat(second.toString()).isEqualTo(SECOND.arguments());
    JsonNode completed = events.get(events.size() - 1).path("response");
    assertThat(completed.path("output").get(0).path("encrypted_content").asText()).isNotEmpty();
    assertThat(completed.path("usage").path("input_tokens_details").path("cached_tokens").asInt()).isEqualTo(1024);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      /api/llm/a/v1/messages         | {"messages":[{"role":"user","content":"hi"}]} | false
      /api/llm/a/v1/messages         | {"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"r"}]}]} | true
      /api/llm/o/v1/chat/completions | {"messages":[{"role":"user","content":"hi"}]} | false
      /api/llm/o/v1/chat/completions | {"messages":[{"role":"tool","tool_call_id":"c","content":"r"}]} | true
      /api/llm/o/v1/responses        | {"input":"hi"} | false
      /api/llm/o/v1/responses        | {"input":[{"type":"function_call_output","call_id":"c","output":"r"}]} | true
      """)
  void aToolResultLastMeansTheFinalAnswer(String path, String body, boolean toolResult) {
    Recorded request = new Recorded("POST", path, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body),
        Future.succeededFuture());
    assertThat(ToolConversation.lastTurnIsToolResult(request)).isEqualTo(toolResult);
  }

  private static List<JsonNode> data(List<String> events) {
    return events.stream().map(e -> e.substring(e.indexOf("data: ") + 6).trim()).map(JsonTrees::parse).toList();
  }

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false);
  }
}
