package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a Responses {@code input} (a string, or a list of items) into system parts and turns.
 * Items of one role in a row form one turn: an assistant message, its reasoning and its function
 * calls are one assistant turn; the outputs that answer them are one user turn.
 *
 * <p>Hosted-tool call items ({@code web_search_call}, {@code file_search_call},
 * {@code code_interpreter_call}, {@code image_generation_call}, {@code mcp_call},
 * {@code mcp_list_tools}) are dropped: the upstream ran them, and what they found is already in
 * the assistant text that follows. Items that carry state only OpenAI can read or that answer a
 * tool no other model can have ({@code item_reference}, {@code compaction},
 * {@code local_shell_call}, {@code computer_call}, {@code tool_search_call}, …) are refused.
 */
final class ResponsesInputReader {

  private static final Set<String> DROPPED_HOSTED_ITEMS = Set.of("web_search_call", "file_search_call",
      "code_interpreter_call", "image_generation_call", "mcp_call", "mcp_list_tools");

  private final List<Content> system = new ArrayList<>();
  private final List<Turn> turns = new ArrayList<>();
  private Role role;
  private List<Content> parts = new ArrayList<>();

  List<Content> system() {
    return system;
  }

  List<Turn> turns() {
    flush();
    return turns;
  }

  void read(JsonNode input) {
    if (input == null || input.isNull()) {
      return;
    }
    if (input.isTextual()) {
      add(Role.USER, new Content.Text(input.asText()));
      return;
    }
    if (!input.isArray()) {
      throw new TranslationException("input", "input: must be a string or a list of items");
    }
    for (int i = 0; i < input.size(); i++) {
      item(input.get(i), "input[" + i + "]");
    }
  }

  private void item(JsonNode item, String where) {
    String type = Json.text(item, "type");
    if (type == null || type.equals("message")) {
      message(item, where);
      return;
    }
    switch (type) {
      case "function_call" -> add(Role.ASSISTANT, new Content.ToolCall(
          required(item, "call_id", where), modelName(item, where), arguments(item)));
      case "custom_tool_call" -> add(Role.ASSISTANT, new Content.ToolCall(
          required(item, "call_id", where), modelName(item, where), customArguments(item)));
      case "function_call_output", "custom_tool_call_output" -> add(Role.USER, toolResult(item, where));
      case "reasoning" -> reasoning(item);
      case "item_reference" -> throw new TranslationException(where + ".type",
          where + ": item_reference cannot be resolved: the proxy keeps no conversation state; "
              + "send the items themselves");
      default -> {
        if (!DROPPED_HOSTED_ITEMS.contains(type)) {
          throw new TranslationException(where + ".type", where + ": items of type " + type
              + " cannot be translated for a model that is not OpenAI's");
        }
      }
    }
  }

  /**
   * The name the model saw the called tool under: a call Codex sends back with its
   * {@code namespace} was offered flattened ({@code <namespace>__<name>}), and must go upstream so.
   */
  private static String modelName(JsonNode item, String where) {
    String name = required(item, "name", where);
    String namespace = Json.text(item, "namespace");
    return namespace == null || namespace.isEmpty() ? name : FlatToolNames.flatten(namespace, name);
  }

  private void message(JsonNode item, String where) {
    String roleName = Json.text(item, "role");
    if (roleName == null) {
      throw new TranslationException(where + ".role", where + ".role: required");
    }
    List<Content> content = MessageContent.read(item.get("content"), where + ".content");
    switch (roleName) {
      case "system", "developer" -> system.addAll(content);
      case "user" -> content.forEach(part -> add(Role.USER, part));
      case "assistant" -> content.forEach(part -> add(Role.ASSISTANT, part));
      default -> throw new TranslationException(where + ".role",
          where + ".role: unknown role " + roleName);
    }
  }

  private void reasoning(JsonNode item) {
    String text = joined(item.get("summary"));
    if (text.isEmpty()) {
      text = joined(item.get("content"));
    }
    String signature = Json.text(item, "encrypted_content");
    if (!text.isEmpty() || signature != null) {
      add(Role.ASSISTANT, new Content.Thinking(text, signature));
    }
  }

  private static String joined(JsonNode parts) {
    List<String> texts = new ArrayList<>();
    if (parts != null && parts.isArray()) {
      parts.forEach(part -> {
        String text = Json.text(part, "text");
        if (text != null && !text.isEmpty()) {
          texts.add(text);
        }
      });
    }
    return String.join("\n\n", texts);
  }

  private static Content.ToolResult toolResult(JsonNode item, String where) {
    String callId = required(item, "call_id", where);
    JsonNode output = item.get("output");
    boolean isError = false;
    List<Content> content;
    if (output == null || output.isNull()) {
      content = List.of();
    } else if (output.isTextual()) {
      content = output.asText().isEmpty() ? List.of() : List.of(new Content.Text(output.asText()));
    } else if (output.isArray()) {
      content = MessageContent.read(output, where + ".output");
    } else if (output.isObject() && output.path("content").isTextual()) {
      // Codex's older shape: {"content": "...", "success": false}.
      content = List.of(new Content.Text(output.get("content").asText()));
      isError = Boolean.FALSE.equals(Json.bool(output, "success"));
    } else {
      throw new TranslationException(where + ".output", where + ".output: must be a string or a list of parts");
    }
    return new Content.ToolResult(callId, content, isError, null);
  }

  private static String arguments(JsonNode item) {
    JsonNode arguments = item.get("arguments");
    if (arguments == null || arguments.isNull()) {
      return "{}";
    }
    return arguments.isTextual() ? arguments.asText() : dev.factoryproxy.translate.JsonTrees.write(arguments);
  }

  /** A custom tool is offered as a function of one string, {@code input}; its calls are read the same way. */
  private static String customArguments(JsonNode item) {
    String input = Json.text(item, "input");
    return CustomToolArguments.wrap(input == null ? "" : input);
  }

  private static String required(JsonNode item, String field, String where) {
    String value = Json.text(item, field);
    if (value == null) {
      throw new TranslationException(where + "." + field, where + "." + field + ": required");
    }
    return value;
  }

  private void add(Role speaker, Content part) {
    if (role != speaker) {
      flush();
      role = speaker;
    }
    parts.add(part);
  }

  private void flush() {
    if (role != null && !parts.isEmpty()) {
      turns.add(new Turn(role, parts));
    }
    parts = new ArrayList<>();
    role = null;
  }
}
