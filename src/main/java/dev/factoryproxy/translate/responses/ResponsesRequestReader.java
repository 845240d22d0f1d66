package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.ResponseFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Responses request (Codex CLI, the OpenAI SDKs' {@code responses.create}) for a model
 * served in another format.
 *
 * <p>Hints (kept in {@link Conversation#hints()} under these names; each writer passes those its
 * format has):
 * <ul>
 *   <li>{@code prompt_cache_key}, {@code prompt_cache_retention}
 *   <li>{@code safety_identifier} (also the {@link Conversation#user()} when {@code user} is absent)
 *   <li>{@code service_tier}
 *   <li>{@code verbosity}, from {@code text.verbosity}
 *   <li>{@code reasoning_summary}, from {@code reasoning.summary} (or the older {@code generate_summary})
 *   <li>{@code include}, {@code client_metadata}, {@code metadata}, {@code store}, {@code truncation},
 *       {@code top_logprobs}, {@code max_tool_calls}, {@code stream_options}
 * </ul>
 * {@code user} becomes {@link Conversation#user()}.
 *
 * <p>Refused, each with a {@link TranslationException} naming the field: {@code previous_response_id}
 * and {@code conversation} (server-side state), {@code prompt} (a stored prompt template),
 * {@code background: true}; in {@code input}: {@code item_reference}, {@code input_file}, images by
 * {@code file_id}, and call items of tools only OpenAI has; in {@code tools}: see
 * {@link ResponsesToolReader}.
 */
final class ResponsesRequestReader {

  private static final List<String> PLAIN_HINTS = List.of("prompt_cache_key", "prompt_cache_retention",
      "safety_identifier", "service_tier", "include", "client_metadata", "metadata", "store", "truncation",
      "top_logprobs", "max_tool_calls", "stream_options");

  private ResponsesRequestReader() {
  }

  static Conversation read(JsonNode body, TranslationContext ctx) {
    if (body == null || !body.isObject()) {
      throw new TranslationException("", "the request body must be a JSON object");
    }
    refuseState(body);
    ResponsesInputReader input = new ResponsesInputReader();
    input.read(body.get("input"));
    List<Content> system = new ArrayList<>();
    String instructions = Json.text(body, "instructions");
    if (instructions != null && !instructions.isEmpty()) {
      system.add(new Content.Text(instructions));
    }
    system.addAll(input.system());
    ResponsesToolReader tools = new ResponsesToolReader(ctx);
    String user = Json.text(body, "user");
    return new Conversation(
        Json.text(body, "model"),
        system,
        input.turns(),
        tools.tools(body.get("tools")),
        tools.toolChoice(body.get("tool_choice")),
        Json.bool(body, "parallel_tool_calls"),
        maxTokens(body),
        Json.decimal(body, "temperature"),
        Json.decimal(body, "top_p"),
        List.of(),
        user != null ? user : Json.text(body, "safety_identifier"),
        reasoning(body.get("reasoning")),
        responseFormat(body.path("text").get("format")),
        Boolean.TRUE.equals(Json.bool(body, "stream")),
        hints(body));
  }

  private static void refuseState(JsonNode body) {
    if (Json.present(body, "previous_response_id")) {
      throw new TranslationException("previous_response_id", "previous_response_id: the proxy keeps no "
          + "conversation state; send the whole conversation in input (store: false)");
    }
    if (Json.present(body, "conversation")) {
      throw new TranslationException("conversation", "conversation: the proxy keeps no conversation state; "
          + "send the whole conversation in input (store: false)");
    }
    if (Json.present(body, "prompt")) {
      throw new TranslationException("prompt", "prompt: stored prompt templates live on OpenAI; "
          + "send instructions and input instead");
    }
    if (Boolean.TRUE.equals(Json.bool(body, "background"))) {
      throw new TranslationException("background", "background: background responses are kept on "
          + "OpenAI's servers, which the proxy cannot do; send the request without it");
    }
  }

  private static Integer maxTokens(JsonNode body) {
    Long max = Json.number(body, "max_output_tokens");
    return max == null ? null : (int) Math.min(max, Integer.MAX_VALUE);
  }

  private static Reasoning reasoning(JsonNode reasoning) {
    String effort = Json.text(reasoning, "effort");
    if (effort == null) {
      return null;
    }
    return effort.equals("none") ? Reasoning.DISABLED : Reasoning.effort(effort);
  }

  private static ResponseFormat responseFormat(JsonNode format) {
    String type = Json.text(format, "type");
    if (type == null || type.equals("text")) {
      return null;
    }
    return switch (type) {
      case "json_object" -> new ResponseFormat("json_object", null, null, null);
      case "json_schema" -> new ResponseFormat("json_schema", Json.text(format, "name"), format.get("schema"),
          Json.bool(format, "strict"));
      default -> throw new TranslationException("text.format.type", "text.format.type: unknown format " + type);
    };
  }

  private static Map<String, JsonNode> hints(JsonNode body) {
    Map<String, JsonNode> hints = new LinkedHashMap<>();
    for (String name : PLAIN_HINTS) {
      if (Json.present(body, name)) {
        hints.put(name, body.get(name));
      }
    }
    JsonNode verbosity = body.path("text").get("verbosity");
    if (verbosity != null && !verbosity.isNull()) {
      hints.put("verbosity", verbosity);
    }
    JsonNode reasoning = body.get("reasoning");
    JsonNode summary = Json.present(reasoning, "summary") ? reasoning.get("summary")
        : reasoning == null ? null : reasoning.get("generate_summary");
    if (summary != null && !summary.isNull()) {
      hints.put("reasoning_summary", summary);
    }
    return hints;
  }
}
