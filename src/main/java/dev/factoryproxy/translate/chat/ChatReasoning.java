package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.model.Content;
import java.util.ArrayList;
import java.util.List;

/**
 * Reasoning in Chat: the plain text ({@code reasoning_content}, DeepSeek's and GLM's name, or
 * {@code reasoning}, vLLM's and OpenRouter's) and OpenRouter's {@code reasoning_details}, the one
 * Chat convention that carries signatures and encrypted reasoning, so a client that sends the
 * message back lets the upstream continue from its own reasoning:
 * {@code [{type:"reasoning.text", text, signature, format, index}, {type:"reasoning.encrypted",
 * data, format, index}, {type:"reasoning.summary", summary, ...}]}.
 */
final class ChatReasoning {

  static final String TEXT = "reasoning.text";
  static final String ENCRYPTED = "reasoning.encrypted";
  static final String SUMMARY = "reasoning.summary";

  private ChatReasoning() {
  }

  /** The reasoning text of a message or delta, under either of its names; {@code null} when none. */
  static String plainText(JsonNode message) {
    String text = ChatJson.text(message, "reasoning_content");
    return text != null ? text : ChatJson.text(message, "reasoning");
  }

  /**
   * The thinking parts of an assistant message. {@code reasoning_details} win when present (they
   * repeat the text with its signature); a text detail without text (as a streamed signature
   * arrives) takes the plain reasoning text, so a client that accumulated {@code reasoning_content}
   * and {@code reasoning_details} separately still sends one signed thinking block back.
   */
  static List<Content> read(JsonNode message) {
    String plain = plainText(message);
    List<Content> parts = new ArrayList<>();
    JsonNode details = message.get("reasoning_details");
    if (details != null && details.isArray()) {
      for (JsonNode detail : details) {
        Content part = readDetail(detail, parts.isEmpty() ? plain : null);
        if (part != null) {
          parts.add(part);
        }
      }
    }
    boolean hasThinking = parts.stream().anyMatch(p -> p instanceof Content.Thinking);
    if (!hasThinking && plain != null && !plain.isEmpty()) {
      parts.add(0, new Content.Thinking(plain, null));
    }
    return parts;
  }

  private static Content readDetail(JsonNode detail, String fallbackText) {
    String type = ChatJson.text(detail, "type");
    if (ENCRYPTED.equals(type)) {
      String data = ChatJson.text(detail, "data");
      return data == null ? null : new Content.RedactedThinking(data);
    }
    if (!TEXT.equals(type) && !SUMMARY.equals(type)) {
      return null;
    }
    String text = ChatJson.text(detail, TEXT.equals(type) ? "text" : "summary");
    if (text == null || text.isEmpty()) {
      text = fallbackText == null ? "" : fallbackText;
    }
    return new Content.Thinking(text, ChatJson.text(detail, "signature"));
  }

  /** One detail of a thinking block with its signature (text may be {@code null} in a stream). */
  static ObjectNode textDetail(String text, String signature, int index) {
    ObjectNode detail = JsonTrees.object().put("type", TEXT);
    if (text != null) {
      detail.put("text", text);
    }
    if (signature != null) {
      detail.put("signature", signature).put("format", format(signature));
    }
    return detail.put("index", index);
  }

  static ObjectNode encryptedDetail(String data, int index) {
    return JsonTrees.object().put("type", ENCRYPTED).put("data", data)
        .put("format", "anthropic-claude-v1").put("index", index);
  }

  /** OpenRouter's names for whose reasoning a signature continues. */
  static String format(String signature) {
    return signature.startsWith(Content.Thinking.OPENAI_PREFIX) ? "openai-responses-v1" : "anthropic-claude-v1";
  }

  static ArrayNode array(ObjectNode detail) {
    return JsonTrees.array().add(detail);
  }
}
