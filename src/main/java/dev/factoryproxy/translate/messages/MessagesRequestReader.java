package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.Turn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Messages client's request into a {@link Conversation}.
 *
 * <p>Hints (kept in {@link Conversation#hints()} under these names; a writer of another format
 * drops them, the Messages writer passes them back when the client spoke Messages):
 * <ul>
 *   <li>{@code top_k}: a sampling knob neither OpenAI format has;</li>
 *   <li>{@code service_tier}: Anthropic's capacity tier ({@code auto}, {@code standard_only});</li>
 *   <li>{@code context_management}: server-side clearing of old tool results; without it the model
 *       sees the whole conversation, which changes cost, not the question.</li>
 * </ul>
 * Refused, because dropping them changes what the model can do: {@code mcp_servers} (remote
 * MCP tools Anthropic calls itself) and {@code container} (the state of Anthropic's code
 * sandbox). Fields this reader does not know are ignored.
 *
 * <p>{@code role: "system"} messages inside {@code messages} (Claude Code 2.1.x sends them for
 * non-Claude model ids) are appended to the system prompt, in order.
 *
 * <p>Thinking: {@code enabled} → a budget; {@code disabled} → {@link
 * dev.factoryproxy.translate.model.Reasoning#DISABLED}; {@code adaptive} → the effort of
 * {@code output_config.effort}, else {@code high} (Anthropic's default effort), with
 * {@code max} read as {@code xhigh}. {@code output_config.effort} alone reads the same way.
 */
final class MessagesRequestReader {

  /** Messages fields that change nothing of the answer's meaning; see the class comment. */
  static final List<String> HINTS = List.of("top_k", "service_tier", "context_management");

  /** Refused fields and what the refusal calls them. */
  private static final Map<String, String> REFUSED = Map.of(
      "mcp_servers", "remote MCP servers that Anthropic calls itself",
      "container", "the state of Anthropic's code-execution container");

  private final TranslationContext ctx;
  private final MessagesContentReader content;

  MessagesRequestReader(TranslationContext ctx) {
    this.ctx = ctx;
    this.content = new MessagesContentReader(ctx);
  }

  Conversation read(JsonNode body) {
    refuseUntranslatable(body);
    List<Content> system = new ArrayList<>(content.texts(body.get("system"), "system"));
    List<Turn> turns = turns(body.get("messages"), system);
    JsonNode choice = body.get("tool_choice");
    return new Conversation(
        body.path("model").asText(null),
        system,
        turns,
        new MessagesToolsReader(ctx).tools(body.get("tools")),
        MessagesToolsReader.choice(choice),
        MessagesToolsReader.parallelToolCalls(choice),
        integer(body, "max_tokens"),
        decimal(body, "temperature"),
        decimal(body, "top_p"),
        stopSequences(body.get("stop_sequences")),
        body.path("metadata").path("user_id").asText(null),
        MessagesReasoningReader.reasoning(body),
        MessagesReasoningReader.responseFormat(body),
        body.path("stream").asBoolean(false),
        hints(body));
  }

  private void refuseUntranslatable(JsonNode body) {
    if (!body.isObject()) {
      throw new TranslationException("", "the request body must be a JSON object");
    }
    REFUSED.forEach((field, what) -> {
      JsonNode value = body.get(field);
      if (value != null && !value.isNull() && !(value.isArray() && value.isEmpty())) {
        throw Refusals.cannotCarry(field, what, ctx);
      }
    });
  }

  /** The turns; the text of {@code system} messages goes to {@code system} instead. */
  private List<Turn> turns(JsonNode messages, List<Content> system) {
    if (messages == null || !messages.isArray()) {
      throw new TranslationException("messages", "\"messages\" must be an array");
    }
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String field = "messages[" + i + "]";
      String role = message.path("role").asText("");
      switch (role) {
        case "user" -> turns.add(new Turn(Role.USER, content.parts(message.get("content"), field + ".content")));
        case "assistant" ->
            turns.add(new Turn(Role.ASSISTANT, content.parts(message.get("content"), field + ".content")));
        case "system" -> system.addAll(content.texts(message.get("content"), field + ".content"));
        default -> throw new TranslationException(field + ".role",
            "\"" + field + ".role\": unknown role \"" + role + "\"");
      }
    }
    return turns;
  }

  private static List<String> stopSequences(JsonNode stop) {
    List<String> sequences = new ArrayList<>();
    if (stop != null && stop.isArray()) {
      stop.forEach(s -> sequences.add(s.asText()));
    }
    return sequences;
  }

  private static Map<String, JsonNode> hints(JsonNode body) {
    Map<String, JsonNode> hints = new LinkedHashMap<>();
    for (String name : HINTS) {
      JsonNode value = body.get(name);
      if (value != null && !value.isNull()) {
        hints.put(name, value);
      }
    }
    return hints;
  }

  private static Integer integer(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value != null && value.isNumber() ? value.asInt() : null;
  }

  private static Double decimal(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }
}
