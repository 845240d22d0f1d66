package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.CompleteMessage.Block;

/**
 * A whole answer as a {@code chat.completion}. Thinking goes out twice: joined as
 * {@code reasoning_content} for clients that show it, and, when any block carries a signature or
 * is redacted, block by block as OpenRouter's {@code reasoning_details}, which clients send back
 * unchanged so the next turn continues from the upstream's own reasoning.
 */
final class ChatResponseWriter {

  private ChatResponseWriter() {
  }

  static ObjectNode write(CompleteMessage answer, TranslationContext ctx) {
    ObjectNode body = JsonTrees.object()
        .put("id", ChatIds.completionId(answer.id()))
        .put("object", "chat.completion")
        .put("created", ctx.createdEpochSeconds())
        .put("model", ctx.clientModel());
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    choice.set("message", message(answer));
    choice.putNull("logprobs");
    choice.put("finish_reason", ChatFinishReasons.write(answer.stopReason()));
    body.set("usage", ChatUsage.write(answer.usage()));
    return body;
  }

  private static ObjectNode message(CompleteMessage answer) {
    ObjectNode message = JsonTrees.object().put("role", "assistant");
    String text = joined(answer, BlockKind.TEXT);
    if (text == null) {
      message.putNull("content");
    } else {
      message.put("content", text);
    }
    String thinking = joined(answer, BlockKind.THINKING);
    if (thinking != null) {
      message.put("reasoning_content", thinking);
    }
    if (needsDetails(answer)) {
      message.set("reasoning_details", details(answer));
    }
    ArrayNode calls = JsonTrees.array();
    for (Block block : answer.blocks()) {
      if (block.kind() == BlockKind.TOOL_CALL) {
        calls.addObject().put("id", block.id()).put("type", "function").putObject("function")
            .put("name", block.name()).put("arguments", block.text() == null ? "{}" : block.text());
      }
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    message.putNull("refusal");
    return message;
  }

  private static boolean needsDetails(CompleteMessage answer) {
    return answer.blocks().stream().anyMatch(b -> b.kind() == BlockKind.REDACTED_THINKING
        || (b.kind() == BlockKind.THINKING && b.signature() != null));
  }

  private static ArrayNode details(CompleteMessage answer) {
    ArrayNode details = JsonTrees.array();
    for (Block block : answer.blocks()) {
      if (block.kind() == BlockKind.THINKING) {
        details.add(ChatReasoning.textDetail(block.text(), block.signature(), details.size()));
      } else if (block.kind() == BlockKind.REDACTED_THINKING) {
        details.add(ChatReasoning.encryptedDetail(block.text(), details.size()));
      }
    }
    return details;
  }

  /** The blocks of one kind joined, or {@code null} when there is none. */
  private static String joined(CompleteMessage answer, BlockKind kind) {
    StringBuilder out = null;
    for (Block block : answer.blocks()) {
      if (block.kind() == kind && block.text() != null) {
        out = (out == null ? new StringBuilder() : out).append(block.text());
      }
    }
    return out == null ? null : out.toString();
  }
}
