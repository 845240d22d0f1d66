package dev.factoryproxy.testing.rules;

import static dev.factoryproxy.testing.rules.Violations.at;
import static dev.factoryproxy.testing.rules.Violations.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What Anthropic's Messages API refuses with a 400 (docs.anthropic.com, "Messages" and
 * "Tool use"): the rules a translated request most easily breaks. Not every rule the API has:
 * the ones a translator from Chat Completions or Responses can get wrong.
 */
final class AnthropicRules {

  private AnthropicRules() {
  }

  static List<String> check(JsonNode body) {
    Violations v = new Violations();
    v.requireText(body, "model", "");
    long maxTokens = maxTokens(body, v);
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      v.add("messages", "must be a non-empty array");
    } else {
      checkMessages(messages, v);
    }
    checkThinking(body.get("thinking"), maxTokens, v);
    if (messages != null && messages.isArray() && thinkingOn(body.get("thinking"))) {
      checkThinkingLeadsToolLoop(messages, v);
    }
    return v.list();
  }

  private static long maxTokens(JsonNode body, Violations v) {
    JsonNode maxTokens = body.get("max_tokens");
    if (maxTokens == null || maxTokens.isNull()) {
      v.add("max_tokens", "field required");
      return -1;
    }
    if (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1) {
      v.add("max_tokens", "must be an integer >= 1, got " + maxTokens);
      return -1;
    }
    return maxTokens.asLong();
  }

  private static void checkMessages(JsonNode messages, Violations v) {
    String previousRole = null;
    for (int i = 0; i < messages.size(); i++) {
      String where = at("messages", i);
      JsonNode message = messages.get(i);
      String role = text(message, "role");
      if ("system".equals(role)) {
        v.add(at(where, "role"), "\"system\" is not a message role; use the top-level system parameter");
      } else if (!"user".equals(role) && !"assistant".equals(role)) {
        v.add(at(where, "role"), "must be \"user\" or \"assistant\", got " + message.get("role"));
      } else if (role.equals(previousRole)) {
        v.add(at(where, "role"), "roles must alternate between \"user\" and \"assistant\"; two " + role + " messages in a row");
      }
      checkContent(message.get("content"), where, v);
      if ("user".equals(role)) {
        checkToolResults(messages, i, v);
      }
      if ("assistant".equals(role) && i < messages.size() - 1) {
        checkToolUsesAnswered(messages, i, v);
      }
      previousRole = role;
    }
  }

  private static void checkContent(JsonNode content, String where, Violations v) {
    if (content == null || !(content.isTextual() || content.isArray())) {
      v.add(at(where, "content"), "must be a string or an array of content blocks");
      return;
    }
    for (int b = 0; b < content.size(); b++) {
      JsonNode block = content.get(b);
      String blockWhere = at(at(where, "content"), b);
      String type = text(block, "type");
      if (type == null) {
        v.add(blockWhere, "content block without a type");
      } else if (type.equals("thinking")) {
        JsonNode signature = block.get("signature");
        if (signature == null || !signature.isTextual() || signature.asText().isEmpty()) {
          v.add(at(blockWhere, "thinking.signature"), "field required");
        }
      } else if (type.equals("tool_use")) {
        v.requireText(block, "id", blockWhere);
        v.requireText(block, "name", blockWhere);
        JsonNode input = block.get("input");
        if (input == null || !input.isObject()) {
          v.add(at(blockWhere, "input"), "must be an object");
        }
      }
    }
  }

  /** tool_result blocks answer the tool_use blocks of the assistant message just before, and come first. */
  private static void checkToolResults(JsonNode messages, int index, Violations v) {
    JsonNode content = messages.get(index).get("content");
    if (content == null || !content.isArray()) {
      return;
    }
    Set<String> asked = index > 0 ? toolUseIds(messages.get(index - 1)) : Set.of();
    boolean otherBlockSeen = false;
    for (int b = 0; b < content.size(); b++) {
      JsonNode block = content.get(b);
      String blockWhere = at(at(at("messages", index), "content"), b);
      if (!"tool_result".equals(text(block, "type"))) {
        otherBlockSeen = true;
        continue;
      }
      if (otherBlockSeen) {
        v.add(blockWhere, "tool_result blocks must come before any other content in the user message");
      }
      String id = text(block, "tool_use_id");
      if (id == null || !asked.contains(id)) {
        v.add(blockWhere, "unexpected tool_use_id " + block.get("tool_use_id")
            + " in tool_result blocks: each tool_result block must have a corresponding tool_use block in the previous message");
      }
    }
  }

  /** Every tool_use the assistant made (before the last message) needs its tool_result in the next message. */
  private static void checkToolUsesAnswered(JsonNode messages, int index, Violations v) {
    Set<String> answered = new HashSet<>();
    JsonNode next = messages.get(index + 1).get("content");
    if (next != null && next.isArray()) {
      next.forEach(block -> {
        if ("tool_result".equals(text(block, "type")) && text(block, "tool_use_id") != null) {
          answered.add(text(block, "tool_use_id"));
        }
      });
    }
    List<String> missing = new ArrayList<>(toolUseIds(messages.get(index)));
    missing.removeAll(answered);
    if (!missing.isEmpty()) {
      v.add(at("messages", index), "tool_use ids were found without tool_result blocks immediately after: "
          + String.join(", ", missing.stream().sorted().toList())
          + ". Each tool_use block must have a corresponding tool_result block in the next message");
    }
  }

  private static Set<String> toolUseIds(JsonNode message) {
    Set<String> ids = new HashSet<>();
    JsonNode content = message.get("content");
    if ("assistant".equals(text(message, "role")) && content != null && content.isArray()) {
      content.forEach(block -> {
        if ("tool_use".equals(text(block, "type")) && text(block, "id") != null) {
          ids.add(text(block, "id"));
        }
      });
    }
    return ids;
  }

  private static boolean thinkingOn(JsonNode thinking) {
    String type = text(thinking, "type");
    return "enabled".equals(type) || "adaptive".equals(type);
  }

  /**
   * With thinking on, the assistant turn of the tool loop in progress (its tool_use answered by
   * the last message's tool_result) must start with the thinking block it was given: a
   * translator that drops thinking from that turn gets this 400 from the real API.
   */
  private static void checkThinkingLeadsToolLoop(JsonNode messages, Violations v) {
    int last = messages.size() - 1;
    if (last < 1 || toolUseIds(messages.get(last - 1)).isEmpty()) {
      return;
    }
    JsonNode first = messages.get(last - 1).get("content").get(0);
    String type = text(first, "type");
    if (!"thinking".equals(type) && !"redacted_thinking".equals(type)) {
      v.add(at(at(at("messages", last - 1), "content"), 0) + ".type",
          "Expected `thinking` or `redacted_thinking`, but found `" + type + "`. When `thinking` is enabled, a final"
          + " `assistant` message must start with a thinking block (preceding the lastmost set of `tool_use` and"
          + " `tool_result` blocks)");
    }
  }

  private static void checkThinking(JsonNode thinking, long maxTokens, Violations v) {
    if (thinking == null || !"enabled".equals(text(thinking, "type"))) {
      return;
    }
    JsonNode budget = thinking.get("budget_tokens");
    if (budget == null || !budget.isIntegralNumber()) {
      v.add("thinking.enabled.budget_tokens", "field required");
    } else if (budget.asLong() < 1024) {
      v.add("thinking.enabled.budget_tokens", "input should be greater than or equal to 1024, got " + budget);
    } else if (maxTokens > 0 && budget.asLong() >= maxTokens) {
      v.add("", "max_tokens must be greater than thinking.budget_tokens (" + maxTokens + " <= " + budget + ")");
    }
  }
}
