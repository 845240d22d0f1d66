package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.CompleteMessage.Block;

/**
 * Writes a whole answer as an Anthropic {@code message}. A thinking block without a signature
 * gets {@code ""} (the SDKs require the field); an OpenAI signature goes out as it is, for the
 * client to send back. Tool arguments that are not a JSON object (a call cut by the output
 * limit) become {@code {}}: a Messages client cannot hold anything else, and the stop reason
 * tells it the call was cut.
 */
final class MessagesResponseWriter {

  private MessagesResponseWriter() {
  }

  static ObjectNode write(CompleteMessage message, TranslationContext ctx) {
    ObjectNode out = JsonTrees.object();
    out.put("id", MessageIds.derive(message.id()));
    out.put("type", "message");
    out.put("role", "assistant");
    out.put("model", ctx.clientModel());
    ArrayNode content = out.putArray("content");
    message.blocks().forEach(block -> content.add(block(block)));
    out.put("stop_reason", MessagesStopReasons.write(message.stopReason()));
    out.put("stop_sequence", message.stopSequence());
    out.set("usage", MessagesUsage.write(message.usage(), JsonTrees.object()));
    return out;
  }

  private static ObjectNode block(Block block) {
    ObjectNode out = JsonTrees.object();
    switch (block.kind()) {
      case TEXT -> out.put("type", "text").put("text", block.text());
      case THINKING -> out.put("type", "thinking").put("thinking", block.text())
          .put("signature", block.signature() == null ? "" : block.signature());
      case REDACTED_THINKING -> out.put("type", "redacted_thinking").put("data", block.text());
      case TOOL_CALL -> out.put("type", "tool_use").put("id", block.id()).put("name", block.name())
          .set("input", input(block.text()));
    }
    return out;
  }

  static JsonNode input(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return JsonTrees.object();
    }
    try {
      JsonNode input = JsonTrees.parse(arguments);
      return input.isObject() ? input : JsonTrees.object();
    } catch (TranslationException e) {
      return JsonTrees.object();
    }
  }
}
