package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Reasoning;
import dev.factoryproxy.translate.model.ResponseFormat;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import java.util.List;
import java.util.Map;

/**
 * The Chat Completions request Factory receives for a Chat upstream (GLM, Kimi and the like).
 *
 * <p>Chat has no hosted tools: {@link ToolSpec.Kind#WEB_SEARCH} tools are dropped, and with no
 * tool left so are {@code tool_choice} and {@code parallel_tool_calls} (OpenAI rejects the latter
 * without tools). Reasoning goes as {@code reasoning_effort}, a budget through the
 * {@code REASONING_BUDGETS} table; thinking turned off is left unsaid. A stream always asks for
 * the usage chunk; the client's encoder decides whether the client sees it.
 *
 * <p>Hints passed (Chat fields the Chat upstreams read): {@link #PASSED_HINTS}. Every other hint
 * is dropped: {@code service_tier} (its values differ between formats), {@code metadata} and
 * {@code store} (stored completions are OpenAI's and need {@code store}), {@code verbosity}
 * (GPT-5 only), {@code prediction}, Anthropic's {@code top_k} and the rest.
 */
final class ChatRequestWriter {

  static final List<String> PASSED_HINTS = List.of("seed", "frequency_penalty", "presence_penalty",
      "prompt_cache_key", "safety_identifier");

  private ChatRequestWriter() {
  }

  static ObjectNode write(Conversation conversation, TranslationContext ctx) {
    ObjectNode body = JsonTrees.object().put("model", conversation.model());
    body.set("messages", ChatMessageWriter.write(conversation));
    tools(conversation, body);
    putIfSet(body, "max_tokens", conversation.maxTokens());
    if (conversation.temperature() != null) {
      body.put("temperature", conversation.temperature());
    }
    if (conversation.topP() != null) {
      body.put("top_p", conversation.topP());
    }
    if (!conversation.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      conversation.stop().forEach(stop::add);
    }
    if (conversation.user() != null) {
      body.put("user", conversation.user());
    }
    String effort = effort(conversation.reasoning(), ctx);
    if (effort != null) {
      body.put("reasoning_effort", effort);
    }
    responseFormat(conversation.responseFormat(), body);
    if (conversation.stream()) {
      body.put("stream", true).putObject("stream_options").put("include_usage", true);
    }
    hints(conversation.hints(), body);
    return body;
  }

  private static void tools(Conversation conversation, ObjectNode body) {
    ArrayNode tools = JsonTrees.array();
    for (ToolSpec tool : conversation.tools()) {
      if (tool.kind() == ToolSpec.Kind.FUNCTION) {
        tools.add(function(tool));
      }
    }
    if (tools.isEmpty()) {
      return;
    }
    body.set("tools", tools);
    if (conversation.toolChoice() != null) {
      body.set("tool_choice", toolChoice(conversation.toolChoice()));
    }
    if (conversation.parallelToolCalls() != null) {
      body.put("parallel_tool_calls", conversation.parallelToolCalls());
    }
  }

  private static ObjectNode function(ToolSpec tool) {
    ObjectNode wrapper = JsonTrees.object().put("type", "function");
    ObjectNode function = wrapper.putObject("function").put("name", tool.name());
    if (tool.description() != null) {
      function.put("description", tool.description());
    }
    if (tool.parameters() != null) {
      function.set("parameters", tool.parameters());
    }
    if (tool.strict() != null) {
      function.put("strict", tool.strict());
    }
    return wrapper;
  }

  private static JsonNode toolChoice(ToolChoice choice) {
    return switch (choice.mode()) {
      case AUTO -> TextNode.valueOf("auto");
      case NONE -> TextNode.valueOf("none");
      case REQUIRED -> TextNode.valueOf("required");
      case TOOL -> {
        ObjectNode named = JsonTrees.object().put("type", "function");
        named.putObject("function").put("name", choice.name());
        yield named;
      }
    };
  }

  private static String effort(Reasoning reasoning, TranslationContext ctx) {
    if (reasoning == null || reasoning.disabled()) {
      return null;
    }
    if (reasoning.effort() != null) {
      return reasoning.effort();
    }
    return reasoning.budgetTokens() == null ? null : ctx.reasoningBudgets().effort(reasoning.budgetTokens());
  }

  private static void responseFormat(ResponseFormat format, ObjectNode body) {
    if (format == null) {
      return;
    }
    ObjectNode out = body.putObject("response_format").put("type", format.type());
    if ("json_schema".equals(format.type())) {
      ObjectNode schema = out.putObject("json_schema").put("name", format.name() == null ? "response" : format.name());
      if (format.schema() != null) {
        schema.set("schema", format.schema());
      }
      if (format.strict() != null) {
        schema.put("strict", format.strict());
      }
    }
  }

  private static void hints(Map<String, JsonNode> hints, ObjectNode body) {
    for (String name : PASSED_HINTS) {
      JsonNode value = hints.get(name);
      if (value != null && !body.has(name)) {
        body.set(name, value);
      }
    }
  }

  private static void putIfSet(ObjectNode body, String field, Integer value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}
