package dev.factoryproxy.testing.rules;

import static dev.factoryproxy.testing.rules.Violations.at;
import static dev.factoryproxy.testing.rules.Violations.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * What OpenAI's Chat Completions API (and the OpenAI-compatible upstreams Factory uses for GLM
 * and Kimi) refuses with a 400: mostly the pairing of {@code tool} messages with the assistant's
 * {@code tool_calls} (platform.openai.com, "Function calling").
 */
final class ChatRules {

  private ChatRules() {
  }

  static List<String> check(JsonNode body) {
    Violations v = new Violations();
    v.requireText(body, "model", "");
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      v.add("messages", "must be a non-empty array");
    } else {
      checkMessages(messages, v);
    }
    JsonNode stream = body.get("stream");
    if (body.has("stream_options") && !body.get("stream_options").isNull()
        && (stream == null || !stream.asBoolean(false))) {
      v.add("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
    }
    return v.list();
  }

  private static void checkMessages(JsonNode messages, Violations v) {
    // The ids the last assistant message with tool_calls asked for; only tool messages may sit between.
    Set<String> open = Set.of();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String where = at("messages", i);
      String role = text(message, "role");
      if (role == null) {
        v.add(at(where, "role"), "field required");
      } else if (role.equals("tool")) {
        String id = text(message, "tool_call_id");
        if (id == null || !open.contains(id)) {
          v.add(where, "messages with role 'tool' must be a response to a preceding message with 'tool_calls'"
              + " (tool_call_id " + message.get("tool_call_id") + ")");
        }
        continue;
      }
      open = role != null && role.equals("assistant") ? toolCallIds(message, where, v) : Set.of();
    }
  }

  private static Set<String> toolCallIds(JsonNode message, String where, Violations v) {
    JsonNode calls = message.get("tool_calls");
    Set<String> ids = new HashSet<>();
    if (calls == null || calls.isNull()) {
      return ids;
    }
    if (!calls.isArray()) {
      v.add(at(where, "tool_calls"), "must be an array");
      return ids;
    }
    for (int c = 0; c < calls.size(); c++) {
      JsonNode call = calls.get(c);
      String callWhere = at(at(where, "tool_calls"), c);
      v.requireText(call, "id", callWhere);
      if (!"function".equals(text(call, "type"))) {
        v.add(at(callWhere, "type"), "must be \"function\", got " + call.get("type"));
      }
      JsonNode function = call.get("function");
      if (function == null || !function.isObject()) {
        v.add(at(callWhere, "function"), "field required");
      } else {
        v.requireText(function, "name", at(callWhere, "function"));
        v.requireString(function, "arguments", at(callWhere, "function"));
      }
      if (text(call, "id") != null) {
        ids.add(text(call, "id"));
      }
    }
    return ids;
  }
}
