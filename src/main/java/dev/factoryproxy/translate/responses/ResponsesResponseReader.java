package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.CompleteMessage.Block;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.StopReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole Responses answer (the response object). Output items in order: reasoning becomes
 * thinking (its {@code encrypted_content} the signature, marked {@code "openai:"}), each
 * {@code output_text} or {@code refusal} part of a message a text block, each
 * {@code function_call} a tool call. Hosted-tool call items are dropped; their findings are in the
 * text.
 */
final class ResponsesResponseReader {

  private ResponsesResponseReader() {
  }

  static CompleteMessage read(JsonNode body) {
    List<Block> blocks = new ArrayList<>();
    boolean refused = false;
    boolean called = false;
    for (JsonNode item : body.path("output")) {
      switch (String.valueOf(Json.text(item, "type"))) {
        case "reasoning" -> blocks.add(reasoning(item));
        case "message" -> refused |= message(item, blocks);
        case "function_call" -> {
          called = true;
          String arguments = Json.text(item, "arguments");
          blocks.add(Block.toolCall(Json.text(item, "call_id"), Json.text(item, "name"),
              arguments != null ? arguments : "{}"));
        }
        default -> {
          // hosted call items (web_search_call, …): nothing the client can run
        }
      }
    }
    return new CompleteMessage(Json.text(body, "id"), Json.text(body, "model"), blocks,
        stopReason(body, refused, called), null, ResponsesUsage.read(body.get("usage")));
  }

  private static Block reasoning(JsonNode item) {
    List<String> texts = new ArrayList<>();
    JsonNode parts = item.path("summary").isEmpty() ? item.path("content") : item.path("summary");
    parts.forEach(part -> {
      String text = Json.text(part, "text");
      if (text != null) {
        texts.add(text);
      }
    });
    String encrypted = Json.text(item, "encrypted_content");
    return Block.thinking(String.join("\n\n", texts),
        encrypted != null ? Content.Thinking.OPENAI_PREFIX + encrypted : null);
  }

  /** @return whether the message holds a refusal */
  private static boolean message(JsonNode item, List<Block> blocks) {
    boolean refused = false;
    for (JsonNode part : item.path("content")) {
      String type = Json.text(part, "type");
      if ("output_text".equals(type)) {
        blocks.add(Block.text(String.valueOf(Json.text(part, "text"))));
      } else if ("refusal".equals(type)) {
        refused = true;
        blocks.add(Block.text(String.valueOf(Json.text(part, "refusal"))));
      }
    }
    return refused;
  }

  static StopReason stopReason(JsonNode response, boolean refused, boolean called) {
    if ("incomplete".equals(Json.text(response, "status"))) {
      String reason = Json.text(response.path("incomplete_details"), "reason");
      return "content_filter".equals(reason) ? StopReason.REFUSAL : StopReason.MAX_TOKENS;
    }
    if (refused) {
      return StopReason.REFUSAL;
    }
    return called ? StopReason.TOOL_USE : StopReason.END_TURN;
  }
}
