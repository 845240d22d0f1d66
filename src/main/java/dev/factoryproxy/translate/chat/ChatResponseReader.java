package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.CompleteMessage.Block;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.StopReason;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole {@code chat.completion} as a {@link CompleteMessage}: the first choice's reasoning,
 * then its text, then one block per tool call. A {@code refusal} is the answer's text and makes
 * the stop reason {@link StopReason#REFUSAL}.
 */
final class ChatResponseReader {

  private ChatResponseReader() {
  }

  static CompleteMessage read(JsonNode body) {
    JsonNode choices = body.get("choices");
    JsonNode choice = choices != null && choices.isArray() && !choices.isEmpty() ? choices.get(0) : MissingNode.getInstance();
    JsonNode message = ChatJson.object(choice, "message");
    List<Block> blocks = new ArrayList<>();
    for (Content part : ChatReasoning.read(message)) {
      blocks.add(reasoningBlock(part));
    }
    String content = ChatJson.text(message, "content");
    if (content != null && !content.isEmpty()) {
      blocks.add(Block.text(content));
    }
    String refusal = ChatJson.text(message, "refusal");
    if (refusal != null) {
      blocks.add(Block.text(refusal));
    }
    JsonNode calls = message.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (JsonNode call : calls) {
        JsonNode function = ChatJson.object(call, "function");
        blocks.add(Block.toolCall(ChatJson.text(call, "id"), ChatJson.text(function, "name"),
            ChatJson.text(function, "arguments")));
      }
    }
    StopReason stop = refusal != null ? StopReason.REFUSAL : ChatFinishReasons.read(ChatJson.text(choice, "finish_reason"));
    return new CompleteMessage(ChatJson.text(body, "id"), ChatJson.text(body, "model"), blocks, stop, null,
        ChatUsage.read(body.get("usage")));
  }

  private static Block reasoningBlock(Content part) {
    if (part instanceof Content.RedactedThinking redacted) {
      return new Block(BlockKind.REDACTED_THINKING, redacted.data(), null, null, null);
    }
    Content.Thinking thinking = (Content.Thinking) part;
    return Block.thinking(thinking.text(), thinking.signature());
  }
}
