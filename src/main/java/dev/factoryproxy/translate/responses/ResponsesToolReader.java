package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationContext.ToolOrigin;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.ToolChoice;
import dev.factoryproxy.translate.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Responses {@code tools} and {@code tool_choice} for a model that has plain functions
 * only.
 *
 * <ul>
 *   <li>{@code function}: a function ({@code defer_loading} is ignored: the tool is offered at once).
 *   <li>{@code custom} (freeform, e.g. Codex's {@code apply_patch}): a function with one string
 *       argument {@code input} whose description carries the format (a grammar in full, since the
 *       model must write text that matches it); recorded as {@link ToolOrigin.Kind#CUSTOM}.
 *   <li>{@code namespace} (Codex's MCP and app tools): each inner function becomes
 *       {@code <namespace>__<name>}, recorded as {@link ToolOrigin.Kind#NAMESPACED}; an inner custom
 *       tool is recorded as {@link ToolOrigin.Kind#CUSTOM} with its namespace set.
 *   <li>{@code web_search}, {@code web_search_preview} (and their dated variants): a hosted web search.
 *   <li>Everything else is refused, in words: hosted tools no other model has ({@code file_search},
 *       {@code code_interpreter}, {@code image_generation}, {@code computer_use_preview},
 *       {@code mcp}) and client tools whose call items only OpenAI models produce
 *       ({@code local_shell}, {@code shell}, {@code apply_patch}, {@code tool_search}).
 * </ul>
 */
final class ResponsesToolReader {

  private static final Map<String, String> REFUSED = Map.ofEntries(
      Map.entry("file_search", "the hosted file search"),
      Map.entry("code_interpreter", "the hosted code interpreter"),
      Map.entry("image_generation", "hosted image generation"),
      Map.entry("computer_use_preview", "the computer-use tool"),
      Map.entry("computer_use", "the computer-use tool"),
      Map.entry("computer", "the computer-use tool"),
      Map.entry("mcp", "the hosted remote MCP tool"),
      Map.entry("local_shell", "the local shell tool (its local_shell_call items are OpenAI's)"),
      Map.entry("shell", "the shell tool (its shell_call items are OpenAI's)"),
      Map.entry("apply_patch", "the built-in apply_patch tool (its apply_patch_call items are OpenAI's)"),
      Map.entry("tool_search", "tool search (deferred tools are loaded by OpenAI's tool_search_call items)"));

  private final TranslationContext ctx;
  private final String upstream;

  ResponsesToolReader(TranslationContext ctx) {
    this.ctx = ctx;
    this.upstream = ctx.upstream().title();
  }

  List<ToolSpec> tools(JsonNode tools) {
    List<ToolSpec> specs = new ArrayList<>();
    if (tools == null || tools.isNull()) {
      return specs;
    }
    if (!tools.isArray()) {
      throw new TranslationException("tools", "tools: must be a list");
    }
    for (int i = 0; i < tools.size(); i++) {
      tool(tools.get(i), "tools[" + i + "]", specs);
    }
    return specs;
  }

  private void tool(JsonNode tool, String where, List<ToolSpec> specs) {
    String type = Json.text(tool, "type");
    if (type == null) {
      throw new TranslationException(where + ".type", where + ".type: required");
    }
    switch (type) {
      case "function" -> specs.add(function(tool, where, Json.text(tool, "name")));
      case "custom" -> specs.add(custom(tool, where, null, Json.text(tool, "name")));
      case "namespace" -> namespace(tool, where, specs);
      default -> {
        if (type.startsWith("web_search")) {
          specs.add(new ToolSpec(ToolSpec.Kind.WEB_SEARCH, "web_search", null, null, null, null, tool));
          return;
        }
        String what = REFUSED.get(type);
        throw new TranslationException(where + ".type", where + ".type: " + type + " ("
            + (what != null ? what : "a tool type the proxy does not know") + ") cannot be translated to "
            + upstream);
      }
    }
  }

  private ToolSpec function(JsonNode tool, String where, String modelName) {
    requireName(tool, where);
    JsonNode parameters = tool.get("parameters");
    return ToolSpec.function(modelName, Json.text(tool, "description"),
        parameters == null || parameters.isNull() ? null : parameters, Json.bool(tool, "strict"), null);
  }

  private ToolSpec custom(JsonNode tool, String where, String namespace, String modelName) {
    String name = requireName(tool, where);
    ctx.toolOrigin(modelName, new ToolOrigin(ToolOrigin.Kind.CUSTOM, namespace, name));
    ObjectNode input = JsonTrees.object().put("type", "string")
        .put("description", formatDescription(tool.get("format")));
    ObjectNode parameters = JsonTrees.object().put("type", "object");
    parameters.putObject("properties").set(CustomToolArguments.FIELD, input);
    parameters.putArray("required").add(CustomToolArguments.FIELD);
    return ToolSpec.function(modelName, Json.text(tool, "description"), parameters, null, null);
  }

  private static String formatDescription(JsonNode format) {
    if (format == null || !"grammar".equals(Json.text(format, "type"))) {
      return "The tool's input as raw free-form text (not JSON).";
    }
    String syntax = Json.text(format, "syntax");
    return "The tool's input as raw text (not JSON) that matches this " + (syntax != null ? syntax : "")
        + " grammar exactly:\n" + Json.text(format, "definition");
  }

  private void namespace(JsonNode tool, String where, List<ToolSpec> specs) {
    String namespace = requireName(tool, where);
    JsonNode inner = tool.get("tools");
    if (inner == null || !inner.isArray()) {
      throw new TranslationException(where + ".tools", where + ".tools: required");
    }
    for (int i = 0; i < inner.size(); i++) {
      JsonNode member = inner.get(i);
      String memberWhere = where + ".tools[" + i + "]";
      String name = requireName(member, memberWhere);
      String flat = FlatToolNames.flatten(namespace, name);
      String type = Json.text(member, "type");
      if ("custom".equals(type)) {
        specs.add(custom(member, memberWhere, namespace, flat));
      } else if ("function".equals(type)) {
        ctx.toolOrigin(flat, new ToolOrigin(ToolOrigin.Kind.NAMESPACED, namespace, name));
        specs.add(function(member, memberWhere, flat));
      } else {
        throw new TranslationException(memberWhere + ".type", memberWhere + ".type: " + type
            + " inside a namespace cannot be translated to " + upstream);
      }
    }
  }

  private static String requireName(JsonNode tool, String where) {
    String name = Json.text(tool, "name");
    if (name == null || name.isEmpty()) {
      throw new TranslationException(where + ".name", where + ".name: required");
    }
    return name;
  }

  /** {@code auto}, {@code none}, {@code required}, or a named function or custom tool. */
  ToolChoice toolChoice(JsonNode choice) {
    if (choice == null || choice.isNull()) {
      return null;
    }
    if (choice.isTextual()) {
      return switch (choice.asText()) {
        case "auto" -> ToolChoice.AUTO;
        case "none" -> ToolChoice.NONE;
        case "required" -> ToolChoice.REQUIRED;
        default -> throw new TranslationException("tool_choice", "tool_choice: unknown value " + choice.asText());
      };
    }
    String type = Json.text(choice, "type");
    String name = Json.text(choice, "name");
    if (("function".equals(type) || "custom".equals(type)) && name != null) {
      return ToolChoice.tool(name);
    }
    if ("allowed_tools".equals(type)) {
      throw new TranslationException("tool_choice.type",
          "tool_choice.type: allowed_tools cannot be translated to " + upstream + "; list only those tools in tools");
    }
    throw new TranslationException("tool_choice.type", "tool_choice.type: " + type
        + " (a hosted tool) cannot be forced on " + upstream);
  }
}
