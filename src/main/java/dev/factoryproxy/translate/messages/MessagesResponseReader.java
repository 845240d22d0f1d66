package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.CompleteMessage.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a whole Anthropic answer. Blocks of Anthropic's own server tools
 * ({@code server_tool_use}, {@code web_search_tool_result} and other {@code *_tool_result}
 * blocks) are dropped: they record work Anthropic did itself, which a client of another format
 * neither ran nor can send back; the text that follows them carries the result. Citations on
 * text are dropped likewise.
 */
final class MessagesResponseReader {

  private MessagesResponseReader() {
  }

  static CompleteMessage read(JsonNode body) {
    List<Block> blocks = new ArrayList<>();
    for (JsonNode block : body.path("content")) {
      Block read = block(block);
      if (read != null) {
        blocks.add(read);
      }
    }
    return new CompleteMessage(body.path("id").asText(null), body.path("model").asText(null), blocks,
        MessagesStopReasons.read(body.path("stop_reason").asText(null)),
        body.path("stop_sequence").asText(null), MessagesUsage.read(body.get("usage")));
  }

  private static Block block(JsonNode block) {
    return switch (block.path("type").asText("")) {
      case "text" -> Block.text(block.path("text").asText(""));
      case "thinking" -> Block.thinking(block.path("thinking").asText(""), block.path("signature").asText(null));
      case "redacted_thinking" ->
          new Block(BlockKind.REDACTED_THINKING, block.path("data").asText(""), null, null, null);
      case "tool_use" -> Block.toolCall(block.path("id").asText(null), block.path("name").asText(null),
          JsonTrees.write(block.has("input") ? block.get("input") : JsonTrees.object()));
      default -> null;
    };
  }
}
