package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import java.util.List;

/**
 * Writes {@code tools} and {@code tool_choice} for Anthropic. OpenAI's {@code strict} is left
 * out (Anthropic accepts it only under a beta header); a tool without a schema gets the empty
 * object schema Anthropic requires; a hosted web search is Anthropic's {@code web_search_20250305}
 * unless the client defined an Anthropic one itself.
 */
final class MessagesToolsWriter {

  private MessagesToolsWriter() {
  }

  static ArrayNode tools(List<ToolSpec> specs) {
    ArrayNode tools = JsonTrees.array();
    for (ToolSpec spec : specs) {
      tools.add(spec.kind() == ToolSpec.Kind.WEB_SEARCH ? webSearch(spec) : function(spec));
    }
    return tools;
  }

  private static ObjectNode function(ToolSpec spec) {
    ObjectNode tool = JsonTrees.object().put("name", spec.name());
    if (spec.description() != null) {
      tool.put("description", spec.description());
    }
    JsonNode schema = spec.parameters();
    if (schema == null || schema.isNull()) {
      ObjectNode empty = JsonTrees.object().put("type", "object");
      empty.putObject("properties");
      schema = empty;
    }
    tool.set("input_schema", schema);
    if (spec.cacheControl() != null) {
      tool.set("cache_control", spec.cacheControl());
    }
    return tool;
  }

  private static JsonNode webSearch(ToolSpec spec) {
    JsonNode raw = spec.raw();
    if (raw != null && raw.path("type").asText("").startsWith("web_search_")) {
      return raw;
    }
    return JsonTrees.object().put("type", "web_search_20250305").put("name", "web_search");
  }

  /**
   * The {@code tool_choice}, or {@code null}. Parallel calls turned off need a choice to hang on
   * ({@code auto} when none was given); {@code none} has no such flag, as no call is made.
   */
  static ObjectNode choice(ToolChoice choice, Boolean parallelToolCalls) {
    boolean serial = Boolean.FALSE.equals(parallelToolCalls);
    if (choice == null && !serial) {
      return null;
    }
    ToolChoice.Mode mode = choice == null ? ToolChoice.Mode.AUTO : choice.mode();
    ObjectNode out = JsonTrees.object();
    switch (mode) {
      case AUTO -> out.put("type", "auto");
      case NONE -> out.put("type", "none");
      case REQUIRED -> out.put("type", "any");
      case TOOL -> out.put("type", "tool").put("name", choice.name());
    }
    if (serial && mode != ToolChoice.Mode.NONE) {
      out.put("disable_parallel_tool_use", true);
    }
    return out;
  }
}
