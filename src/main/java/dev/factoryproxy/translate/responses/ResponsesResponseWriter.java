package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.CompleteMessage.Block;

/**
 * Writes a whole answer as a Responses response object. Thinking becomes a reasoning item with
 * its signature as {@code encrypted_content} (the client sends it back as it is); redacted
 * thinking has no Responses form and is left out.
 */
final class ResponsesResponseWriter {

  private ResponsesResponseWriter() {
  }

  static ObjectNode write(CompleteMessage message, TranslationContext ctx) {
    ResponseIds ids = ResponseIds.of(message.id());
    ArrayNode output = JsonTrees.array();
    for (Block block : message.blocks()) {
      int index = output.size();
      switch (block.kind()) {
        case TEXT -> output.add(OutputItems.message(ids.message(index), "completed", block.text()));
        case THINKING -> output.add(OutputItems.reasoning(ids.reasoning(index),
            block.text() == null || block.text().isEmpty() ? null : block.text(), block.signature()));
        case TOOL_CALL -> {
          boolean custom = OutputItems.isCustom(ctx.toolOrigin(block.name()));
          String arguments = block.text() == null ? "{}" : block.text();
          String payload = custom ? CustomToolArguments.unwrap(arguments) : arguments;
          output.add(OutputItems.toolCall(ids, index, block.id(), block.name(), payload, "completed", ctx));
        }
        case REDACTED_THINKING -> {
          // no Responses item can carry Anthropic's redacted thinking back
        }
      }
    }
    ObjectNode response = ResponseObject.create(ids.response(), "completed", output, message.usage(), ctx);
    return ResponseObject.finish(response, message.stopReason());
  }
}
