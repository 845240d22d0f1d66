package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Messages request's {@code tools} and {@code tool_choice}. Client tools become function
 * tools; the hosted web search becomes {@link ToolSpec.Kind#WEB_SEARCH}, its definition kept;
 * every other Anthropic server tool ({@code bash_*}, {@code text_editor_*}, {@code computer_*},
 * {@code code_execution_*}, {@code web_fetch_*}, {@code memory_*}, …) runs in Anthropic's
 * sandbox, which no other upstream has, so it is refused.
 */
final class MessagesToolsReader {

  private final TranslationContext ctx;

  MessagesToolsReader(TranslationContext ctx) {
    this.ctx = ctx;
  }

  List<ToolSpec> tools(JsonNode tools) {
    List<ToolSpec> specs = new ArrayList<>();
    if (tools == null || tools.isNull()) {
      return specs;
    }
    if (!tools.isArray()) {
      throw new TranslationException("tools", "\"tools\" must be an array");
    }
    for (int i = 0; i < tools.size(); i++) {
      specs.add(tool(tools.get(i), "tools[" + i + "]"));
    }
    return specs;
  }

  private ToolSpec tool(JsonNode tool, String field) {
    String type = tool.path("type").asText("custom");
    JsonNode cache = MessagesContentReader.cacheControl(tool);
    if (type.equals("custom")) {
      JsonNode strict = tool.get("strict");
      return ToolSpec.function(tool.path("name").asText(null), tool.path("description").asText(null),
          tool.get("input_schema"), strict != null && strict.isBoolean() ? strict.asBoolean() : null, cache);
    }
    if (type.startsWith("web_search_")) {
      return new ToolSpec(ToolSpec.Kind.WEB_SEARCH, tool.path("name").asText("web_search"), null, null, null,
          cache, tool);
    }
    throw Refusals.cannotCarry(field + ".type", "the Anthropic server tool \"" + type + "\"", ctx);
  }

  /** The choice, or {@code null} when the request has none. */
  static ToolChoice choice(JsonNode choice) {
    if (choice == null || choice.isNull()) {
      return null;
    }
    String type = choice.path("type").asText("");
    return switch (type) {
      case "auto" -> ToolChoice.AUTO;
      case "any" -> ToolChoice.REQUIRED;
      case "none" -> ToolChoice.NONE;
      case "tool" -> ToolChoice.tool(choice.path("name").asText(null));
      default -> throw new TranslationException("tool_choice.type",
          "\"tool_choice.type\": unknown type \"" + type + "\"");
    };
  }

  /** {@code false} when the client turned parallel calls off; else {@code null} (not said). */
  static Boolean parallelToolCalls(JsonNode choice) {
    return choice != null && choice.path("disable_parallel_tool_use").asBoolean(false) ? Boolean.FALSE : null;
  }
}
