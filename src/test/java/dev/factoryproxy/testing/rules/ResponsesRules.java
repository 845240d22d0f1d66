package dev.factoryproxy.testing.rules;

import static dev.factoryproxy.testing.rules.Violations.at;
import static dev.factoryproxy.testing.rules.Violations.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What OpenAI's Responses API refuses with a 400 (platform.openai.com, "Create a model response"):
 * malformed input items, and a {@code function_call_output} whose call the input never made
 * ("No tool call found for function call output with call_id …").
 */
final class ResponsesRules {

  private ResponsesRules() {
  }

  static List<String> check(JsonNode body) {
    Violations v = new Violations();
    v.requireText(body, "model", "");
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      if (!body.hasNonNull("previous_response_id") && !body.hasNonNull("conversation")) {
        v.add("input", "field required");
      }
    } else if (input.isArray()) {
      checkItems(input, v);
    } else if (!input.isTextual()) {
      v.add("input", "must be a string or an array of input items");
    }
    JsonNode max = body.get("max_output_tokens");
    if (max != null && !max.isNull() && (!max.isIntegralNumber() || max.asLong() < 16)) {
      v.add("max_output_tokens", "integer below minimum value. Expected a value >= 16, but got " + max + " instead.");
    }
    return v.list();
  }

  private static void checkItems(JsonNode items, Violations v) {
    Set<String> calls = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String where = at("input", i);
      String type = text(item, "type");
      if (type == null && item.has("role")) {
        type = "message";
      }
      switch (type == null ? "" : type) {
        case "message" -> checkMessage(item, where, v);
        case "function_call" -> {
          v.requireText(item, "call_id", where);
          v.requireText(item, "name", where);
          v.requireString(item, "arguments", where);
          if (text(item, "call_id") != null) {
            calls.add(text(item, "call_id"));
          }
        }
        case "function_call_output" -> checkOutput(item, where, calls, v);
        case "reasoning" -> {
          if (!item.has("summary") || !item.get("summary").isArray()) {
            v.add(at(where, "summary"), "field required");
          }
        }
        case "" -> v.add(where, "input item without a type or role");
        default -> {
          // Other item types (item_reference, web_search_call, ...) are not what a translator writes.
        }
      }
    }
  }

  private static void checkMessage(JsonNode item, String where, Violations v) {
    String role = text(item, "role");
    if (role == null || !List.of("user", "assistant", "system", "developer").contains(role)) {
      v.add(at(where, "role"), "must be one of user, assistant, system, developer; got " + item.get("role"));
    }
    JsonNode content = item.get("content");
    if (content == null || !(content.isTextual() || content.isArray())) {
      v.add(at(where, "content"), "must be a string or an array of content parts");
    }
  }

  private static void checkOutput(JsonNode item, String where, Set<String> calls, Violations v) {
    v.requireText(item, "call_id", where);
    JsonNode output = item.get("output");
    if (output == null || !(output.isTextual() || output.isArray())) {
      v.add(at(where, "output"), "must be a string or an array of content parts");
    }
    String id = text(item, "call_id");
    if (id != null && !calls.contains(id)) {
      v.add(where, "No tool call found for function call output with call_id " + id + ".");
    }
  }
}
