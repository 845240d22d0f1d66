package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationContext.ToolOrigin;

/**
 * Responses output items, as a whole answer and a stream's {@code output_item.added} /
 * {@code output_item.done} carry them. A tool call goes back under the name the client defined:
 * a custom tool's call is a {@code custom_tool_call} with the raw {@code input}, a namespaced
 * function's a {@code function_call} with its own name and {@code namespace} (the field Codex
 * reads, {@code ResponseItem::FunctionCall.namespace}).
 */
final class OutputItems {

  private OutputItems() {
  }

  static ObjectNode message(String id, String status, String text) {
    ObjectNode item = JsonTrees.object().put("id", id).put("type", "message").put("status", status)
        .put("role", "assistant");
    var content = item.putArray("content");
    if (text != null) {
      content.add(outputText(text));
    }
    return item;
  }

  static ObjectNode outputText(String text) {
    ObjectNode part = JsonTrees.object().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    return part;
  }

  static ObjectNode summaryText(String text) {
    return JsonTrees.object().put("type", "summary_text").put("text", text);
  }

  /** @param text {@code null} for an item whose summary has not begun */
  static ObjectNode reasoning(String id, String text, String encryptedContent) {
    ObjectNode item = JsonTrees.object().put("id", id).put("type", "reasoning");
    var summary = item.putArray("summary");
    if (text != null) {
      summary.add(summaryText(text));
    }
    if (encryptedContent != null) {
      item.put("encrypted_content", encryptedContent);
    }
    return item;
  }

  static boolean isCustom(ToolOrigin origin) {
    return origin.kind() == ToolOrigin.Kind.CUSTOM;
  }

  /**
   * A tool call item.
   *
   * @param payload the arguments JSON (function) or the raw input (custom)
   */
  static ObjectNode toolCall(ResponseIds ids, int outputIndex, String callId, String modelName,
                             String payload, String status, TranslationContext ctx) {
    ToolOrigin origin = ctx.toolOrigin(modelName);
    ObjectNode item = JsonTrees.object();
    if (isCustom(origin)) {
      item.put("id", ids.customCall(outputIndex)).put("type", "custom_tool_call").put("status", status)
          .put("call_id", callId).put("name", origin.name()).put("input", payload);
    } else {
      item.put("id", ids.functionCall(outputIndex)).put("type", "function_call").put("status", status)
          .put("call_id", callId).put("name", origin.name()).put("arguments", payload);
    }
    if (origin.namespace() != null) {
      item.put("namespace", origin.namespace());
    }
    return item;
  }
}
