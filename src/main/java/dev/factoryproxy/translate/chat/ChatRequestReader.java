package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.ResponseFormat;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Chat Completions request as a {@link Conversation}, for an upstream that speaks Messages or
 * Responses.
 *
 * <p>Rejected, because the answer would not be what the client asked for (a
 * {@link TranslationException} naming the field):
 * <ul>
 *   <li>{@code n} greater than 1</li>
 *   <li>{@code logprobs: true}, {@code top_logprobs} greater than 0</li>
 *   <li>{@code audio}, {@code modalities} containing {@code "audio"}</li>
 *   <li>a non-empty {@code logit_bias}</li>
 *   <li>{@code functions}, {@code function_call} (the legacy function calling)</li>
 *   <li>tools of any type but {@code function}; a {@code tool_choice} of any other shape</li>
 *   <li>{@code input_audio} and {@code file} content parts, the {@code function} role</li>
 * </ul>
 *
 * <p>Hints, kept in {@link Conversation#hints()} under their Chat name for a writer whose
 * format has them (they change cost, latency or bookkeeping, not the answer):
 * {@code seed}, {@code frequency_penalty}, {@code presence_penalty}, {@code metadata},
 * {@code store}, {@code service_tier}, {@code prompt_cache_key}, {@code prompt_cache_retention},
 * {@code verbosity}, {@code prediction} (Predicted Outputs only speed an answer up).
 *
 * <p>Mapped rather than hinted: {@code safety_identifier} becomes {@link Conversation#user()}
 * when {@code user} is absent (both name the end user); {@code web_search_options} becomes a
 * {@link ToolSpec.Kind#WEB_SEARCH} tool (Chat's hosted search), whose {@code raw} is the
 * equivalent Responses {@code web_search} tool.
 */
final class ChatRequestReader {

  static final List<String> HINTS = List.of("seed", "frequency_penalty", "presence_penalty", "metadata",
      "store", "service_tier", "prompt_cache_key", "prompt_cache_retention", "verbosity", "prediction");

  private ChatRequestReader() {
  }

  static Conversation read(JsonNode body, TranslationContext ctx) {
    if (body == null || !body.isObject()) {
      throw new TranslationException("", "the request body must be a JSON object");
    }
    ChatRequestChecks.rejectUntranslatable(body, ctx.upstream());
    String model = ChatJson.text(body, "model");
    if (model == null) {
      throw new TranslationException("model", "\"model\" is required");
    }
    ChatMessageReader.Messages messages = ChatMessageReader.read(body.get("messages"));
    boolean stream = Boolean.TRUE.equals(ChatJson.bool(body, "stream"));
    if (stream && Boolean.TRUE.equals(ChatJson.bool(ChatJson.object(body, "stream_options"), "include_usage"))) {
      ctx.clientWantsUsage(true);
    }
    return new Conversation(model, messages.system(), messages.turns(), tools(body), toolChoice(body.get("tool_choice")),
        ChatJson.bool(body, "parallel_tool_calls"), maxTokens(body), ChatJson.decimal(body, "temperature"),
        ChatJson.decimal(body, "top_p"), stop(body.get("stop")), user(body), reasoning(body),
        responseFormat(body.get("response_format")), stream, hints(body));
  }

  private static Integer maxTokens(JsonNode body) {
    Long max = ChatJson.number(body, "max_completion_tokens");
    if (max == null) {
      max = ChatJson.number(body, "max_tokens");
    }
    return max == null ? null : Math.toIntExact(Math.min(max, Integer.MAX_VALUE));
  }

  private static List<String> stop(JsonNode stop) {
    if (stop == null || stop.isNull()) {
      return List.of();
    }
    if (stop.isTextual()) {
      return List.of(stop.asText());
    }
    List<String> sequences = new ArrayList<>();
    stop.forEach(s -> sequences.add(s.asText()));
    return sequences;
  }

  private static String user(JsonNode body) {
    String user = ChatJson.text(body, "user");
    return user != null ? user : ChatJson.text(body, "safety_identifier");
  }

  private static Reasoning reasoning(JsonNode body) {
    String effort = ChatJson.text(body, "reasoning_effort");
    if (effort == null) {
      return null;
    }
    return "none".equals(effort) ? Reasoning.DISABLED : Reasoning.effort(effort);
  }

  private static List<ToolSpec> tools(JsonNode body) {
    List<ToolSpec> tools = new ArrayList<>();
    JsonNode list = body.get("tools");
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        tools.add(tool(list.get(i), "tools[" + i + "]"));
      }
    }
    if (ChatJson.present(body, "web_search_options")) {
      tools.add(webSearch(body.get("web_search_options")));
    }
    return tools;
  }

  private static ToolSpec tool(JsonNode tool, String field) {
    String type = ChatJson.text(tool, "type");
    if (!"function".equals(type)) {
      throw new TranslationException(field + ".type",
          "\"" + field + ".type\": tools of type \"" + type + "\" cannot be translated; only function tools can");
    }
    JsonNode function = ChatJson.object(tool, "function");
    String name = ChatJson.text(function, "name");
    if (name == null) {
      throw new TranslationException(field + ".function.name", "\"" + field + ".function.name\" is required");
    }
    JsonNode parameters = function.get("parameters");
    return ToolSpec.function(name, ChatJson.text(function, "description"),
        parameters == null || parameters.isNull() ? null : parameters, ChatJson.bool(function, "strict"), null);
  }

  /**
   * Chat's {@code web_search_options} as a Responses {@code web_search} tool: the size carries
   * over, and the location loses Chat's extra {@code approximate} level.
   */
  private static ToolSpec webSearch(JsonNode options) {
    ObjectNode raw = JsonTrees.object().put("type", "web_search");
    String size = ChatJson.text(options, "search_context_size");
    if (size != null) {
      raw.put("search_context_size", size);
    }
    JsonNode approximate = ChatJson.object(ChatJson.object(options, "user_location"), "approximate");
    if (approximate.isObject()) {
      ObjectNode location = raw.putObject("user_location").put("type", "approximate");
      approximate.properties().forEach(e -> location.set(e.getKey(), e.getValue()));
    }
    return new ToolSpec(ToolSpec.Kind.WEB_SEARCH, "web_search", null, null, null, null, raw);
  }

  private static ToolChoice toolChoice(JsonNode choice) {
    if (choice == null || choice.isNull()) {
      return null;
    }
    if (choice.isTextual()) {
      return switch (choice.asText()) {
        case "auto" -> ToolChoice.AUTO;
        case "none" -> ToolChoice.NONE;
        case "required" -> ToolChoice.REQUIRED;
        default -> throw new TranslationException("tool_choice", "\"tool_choice\": unknown value \"" + choice.asText() + "\"");
      };
    }
    String name = ChatJson.text(ChatJson.object(choice, "function"), "name");
    if (!"function".equals(ChatJson.text(choice, "type")) || name == null) {
      throw new TranslationException("tool_choice",
          "\"tool_choice\": only \"auto\", \"none\", \"required\" and {type: function, function: {name}} can be translated");
    }
    return ToolChoice.tool(name);
  }

  private static ResponseFormat responseFormat(JsonNode format) {
    if (format == null || format.isNull()) {
      return null;
    }
    String type = ChatJson.text(format, "type");
    if ("text".equals(type)) {
      return null;
    }
    if ("json_object".equals(type)) {
      return new ResponseFormat("json_object", null, null, null);
    }
    if ("json_schema".equals(type)) {
      JsonNode schema = ChatJson.object(format, "json_schema");
      return new ResponseFormat("json_schema", ChatJson.text(schema, "name"), schema.get("schema"),
          ChatJson.bool(schema, "strict"));
    }
    throw new TranslationException("response_format.type", "\"response_format.type\": unknown type \"" + type + "\"");
  }

  private static Map<String, JsonNode> hints(JsonNode body) {
    Map<String, JsonNode> hints = new LinkedHashMap<>();
    for (String name : HINTS) {
      if (ChatJson.present(body, name)) {
        hints.put(name, body.get(name));
      }
    }
    if (ChatJson.present(body, "user") && ChatJson.present(body, "safety_identifier")) {
      hints.put("safety_identifier", body.get("safety_identifier"));
    }
    return hints;
  }
}
