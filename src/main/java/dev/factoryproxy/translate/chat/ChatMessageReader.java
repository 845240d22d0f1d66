package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat's {@code messages} as the common system prompt and turns.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages, wherever they stand, go to the system
 *       prompt in their order (the common model has one system prompt).</li>
 *   <li>{@code tool} messages become {@link Content.ToolResult}s of a user turn, as in Anthropic
 *       Messages; consecutive ones share a turn, and a user message right after them joins it.</li>
 *   <li>An assistant message's parts go thinking first, then text, then tool calls: the order
 *       Anthropic requires and every Chat model produces.</li>
 *   <li>A message's {@code name} is dropped; an assistant message with nothing in it is skipped.</li>
 * </ul>
 */
final class ChatMessageReader {

  /** The system prompt and the turns of one request. */
  record Messages(List<Content> system, List<Turn> turns) {
  }

  private final List<Content> system = new ArrayList<>();
  private final List<Turn> turns = new ArrayList<>();
  /** The user turn tool messages are filling, or {@code null} when the last message was no tool's. */
  private List<Content> toolTurn;

  private ChatMessageReader() {
  }

  static Messages read(JsonNode messages) {
    if (messages == null || !messages.isArray()) {
      throw new TranslationException("messages", "\"messages\" must be an array");
    }
    ChatMessageReader reader = new ChatMessageReader();
    for (int i = 0; i < messages.size(); i++) {
      reader.message(messages.get(i), "messages[" + i + "]");
    }
    reader.closeToolTurn();
    return new Messages(reader.system, reader.turns);
  }

  private void message(JsonNode message, String field) {
    String role = ChatJson.text(message, "role");
    switch (role == null ? "" : role) {
      case "system", "developer" -> system.addAll(ChatContentReader.textParts(message.get("content"), field + ".content"));
      case "user" -> user(message, field);
      case "assistant" -> assistant(message, field);
      case "tool" -> tool(message, field);
      case "function" -> throw new TranslationException(field + ".role",
          "\"" + field + ".role\": the legacy \"function\" role cannot be translated; use tool messages");
      default -> throw new TranslationException(field + ".role", "\"" + field + ".role\": unknown role \"" + role + "\"");
    }
  }

  private void user(JsonNode message, String field) {
    List<Content> parts = ChatContentReader.userParts(message.get("content"), field + ".content");
    if (toolTurn != null) {
      toolTurn.addAll(parts);
      closeToolTurn();
    } else {
      turns.add(new Turn(Role.USER, parts));
    }
  }

  private void tool(JsonNode message, String field) {
    String callId = ChatJson.text(message, "tool_call_id");
    if (callId == null) {
      throw new TranslationException(field + ".tool_call_id", "\"" + field + ".tool_call_id\" is required");
    }
    if (toolTurn == null) {
      toolTurn = new ArrayList<>();
    }
    List<Content> content = ChatContentReader.textParts(message.get("content"), field + ".content");
    toolTurn.add(new Content.ToolResult(callId, content, false, null));
  }

  private void assistant(JsonNode message, String field) {
    closeToolTurn();
    if (ChatJson.present(message, "audio")) {
      throw new TranslationException(field + ".audio", "\"" + field + ".audio\": audio answers cannot be translated");
    }
    if (ChatJson.present(message, "function_call")) {
      throw new TranslationException(field + ".function_call",
          "\"" + field + ".function_call\": legacy function calls cannot be translated; use tool_calls");
    }
    List<Content> parts = new ArrayList<>(ChatReasoning.read(message));
    parts.addAll(ChatContentReader.assistantParts(message.get("content"), field + ".content"));
    parts.addAll(toolCalls(message.get("tool_calls"), field + ".tool_calls"));
    if (!parts.isEmpty()) {
      turns.add(new Turn(Role.ASSISTANT, parts));
    }
  }

  private static List<Content> toolCalls(JsonNode calls, String field) {
    if (calls == null || calls.isNull()) {
      return List.of();
    }
    List<Content> parts = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      JsonNode call = calls.get(i);
      String at = field + "[" + i + "]";
      String type = ChatJson.text(call, "type");
      if (type != null && !"function".equals(type)) {
        throw new TranslationException(at + ".type", "\"" + at + ".type\": only function tool calls can be translated");
      }
      JsonNode function = ChatJson.object(call, "function");
      String arguments = ChatJson.text(function, "arguments");
      parts.add(new Content.ToolCall(ChatJson.text(call, "id"), ChatJson.text(function, "name"),
          arguments == null || arguments.isEmpty() ? "{}" : arguments));
    }
    return parts;
  }

  private void closeToolTurn() {
    if (toolTurn != null) {
      turns.add(new Turn(Role.USER, toolTurn));
      toolTurn = null;
    }
  }
}
