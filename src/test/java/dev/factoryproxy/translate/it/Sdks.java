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
import com.openai.models.responses.FunctionTool;
import dev.factoryproxy.testing.scripts.ToolCall;
import dev.factoryproxy.translate.JsonTrees;
import java.time.Duration;
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

  /** Tool arguments as the client received them, parsed: fails the test when they are not JSON. */
  static JsonNode arguments(String json) {
    return JsonTrees.parse(json);
  }
}
