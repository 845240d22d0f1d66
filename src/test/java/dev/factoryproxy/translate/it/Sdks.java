package dev.factoryproxy.translate.it;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Tool;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import dev.factoryproxy.testing.scripts.ToolCall;
import dev.factoryproxy.translate.JsonTrees;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two vendors' SDKs pointed at a proxy on loopback, as a user configures them, without
 * retries (a retry would hide the first failure and slow the test), and the one tool every
 * test offers: {@code get_weather(city)}.
 */
final class Sdks {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final String TOOL = "get_weather";
  static final ToolCall PARIS = new ToolCall("call_paris_1", TOOL, "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
  static final ToolCall ROME = new ToolCall("call_rome_2", TOOL, "{\"city\":\"Rome\",\"unit\":\"celsius\"}");
  static final String ANSWER = "It is 18 °C in Paris.";

  private static final Map<String, Object> CITY = Map.of("type", "string", "description", "the city's name");
  private static final Map<String, Object> UNIT = Map.of("type", "string", "enum", List.of("celsius", "fahrenheit"));

  private Sdks() {
  }

  static OpenAIClient openai(int port) {
    return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("test-key")
        .maxRetries(0).timeout(TIMEOUT).build();
  }

  static AnthropicClient anthropic(int port) {
    return AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey("test-key")
        .maxRetries(0).timeout(TIMEOUT).build();
  }

  static FunctionDefinition chatTool() {
    return FunctionDefinition.builder().name(TOOL).description("The current weather in a city")
        .parameters(FunctionParameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", CITY, "unit", UNIT)))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build())
        .build();
  }

  static FunctionTool responsesTool() {
    return FunctionTool.builder().name(TOOL).description("The current weather in a city").strict(false)
        .parameters(FunctionTool.Parameters.builder()
            .putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", CITY, "unit", UNIT)))
            .putAdditionalProperty("required", JsonValue.from(List.of("city")))
            .build())
        .build();
  }

  static Tool anthropicTool() {
    return Tool.builder().name(TOOL).description("The current weather in a city")
        .inputSchema(Tool.InputSchema.builder()
            .properties(Tool.InputSchema.Properties.builder()
                .putAdditionalProperty("city", com.anthropic.core.JsonValue.from(CITY))
                .putAdditionalProperty("unit", com.anthropic.core.JsonValue.from(UNIT))
                .build())
            .required(List.of("city"))
            .build())
        .build();
  }

  /** The user's first turn of a Responses conversation sent as a list of items. */
  static List<ResponseInputItem> responsesConversation(String userText) {
    return new ArrayList<>(List.of(ResponseInputItem.ofEasyInputMessage(
        EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content(userText).build())));
  }

  /**
   * Appends what a Responses client (Codex) sends back after a tool call: every reasoning and
   * function_call item of the answer as it came, then the tool's output; returns the call.
   */
  static ResponseFunctionToolCall answerToolCall(List<ResponseInputItem> input, Response answer, String output) {
    for (ResponseOutputItem item : answer.output()) {
      item.reasoning().ifPresent(r -> input.add(ResponseInputItem.ofReasoning(r)));
      item.functionCall().ifPresent(c -> input.add(ResponseInputItem.ofFunctionCall(c)));
    }
    ResponseFunctionToolCall call = answer.output().stream().flatMap(o -> o.functionCall().stream()).findFirst()
        .orElseThrow();
    input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
        .callId(call.callId()).output(output).build()));
    return call;
  }

  static ResponseCreateParams weatherResponse(String model, List<ResponseInputItem> input) {
    return ResponseCreateParams.builder().model(model).inputOfResponse(input).addTool(responsesTool())
        .reasoning(Reasoning.builder().effort(ReasoningEffort.MEDIUM).build())
        .addInclude(ResponseIncludable.REASONING_ENCRYPTED_CONTENT).store(false).build();
  }

  /** The output_text of an answer's message items. */
  static List<String> outputText(Response answer) {
    return answer.output().stream().flatMap(o -> o.message().stream()).flatMap(m -> m.content().stream())
        .flatMap(c -> c.outputText().stream()).map(t -> t.text()).toList();
  }

  /** Tool arguments as the client received them, parsed: fails the test when they are not JSON. */
  static JsonNode arguments(String json) {
    return JsonTrees.parse(json);
  }
}
