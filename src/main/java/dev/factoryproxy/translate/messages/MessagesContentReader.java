package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the content of a Messages request (a string or content blocks) into common parts.
 * Block types the common model cannot carry ({@code document}, {@code search_result},
 * {@code server_tool_use}, {@code web_search_tool_result}, {@code container_upload}, …) are
 * refused rather than dropped: the model would answer a different question without them.
 */
final class MessagesContentReader {

  private final TranslationContext ctx;

  MessagesContentReader(TranslationContext ctx) {
    this.ctx = ctx;
  }

  /** The parts of a message's {@code content} at {@code field}. */
  List<Content> parts(JsonNode content, String field) {
    List<Content> parts = new ArrayList<>();
    if (content == null || content.isNull()) {
      return parts;
    }
    if (content.isTextual()) {
      parts.add(new Content.Text(content.asText()));
      return parts;
    }
    if (!content.isArray()) {
      throw new TranslationException(field, "\"" + field + "\" must be a string or an array of content blocks");
    }
    for (int i = 0; i < content.size(); i++) {
      parts.add(block(content.get(i), field + "[" + i + "]"));
    }
    return parts;
  }

  /** Text-only content (the system prompt, a {@code system} message) at {@code field}. */
  List<Content.Text> texts(JsonNode content, String field) {
    List<Content.Text> texts = new ArrayList<>();
    for (Content part : parts(content, field)) {
      if (!(part instanceof Content.Text text)) {
        throw new TranslationException(field, "\"" + field + "\" may hold only text blocks");
      }
      texts.add(text);
    }
    return texts;
  }

  private Content block(JsonNode block, String field) {
    String type = block.path("type").asText("");
    return switch (type) {
      case "text" -> new Content.Text(block.path("text").asText(""), cacheControl(block));
      case "image" -> image(block, field);
      case "tool_use" -> new Content.ToolCall(block.path("id").asText(null), block.path("name").asText(null),
          arguments(block.get("input")));
      case "tool_result" -> toolResult(block, field);
      case "thinking" -> new Content.Thinking(block.path("thinking").asText(""), signature(block));
      case "redacted_thinking" -> new Content.RedactedThinking(block.path("data").asText(""));
      default -> throw Refusals.cannotCarry(field + ".type", "content block type \"" + type + "\"", ctx);
    };
  }

  private Content.Image image(JsonNode block, String field) {
    JsonNode source = block.path("source");
    String type = source.path("type").asText("");
    return switch (type) {
      case "base64" -> new Content.Image(source.path("media_type").asText(null), source.path("data").asText(""),
          null, null, cacheControl(block));
      case "url" -> new Content.Image(null, null, source.path("url").asText(""), null, cacheControl(block));
      default -> throw Refusals.cannotCarry(field + ".source.type", "image source \"" + type + "\"", ctx);
    };
  }

  private Content.ToolResult toolResult(JsonNode block, String field) {
    List<Content> content = parts(block.get("content"), field + ".content");
    for (int i = 0; i < content.size(); i++) {
      Content part = content.get(i);
      if (!(part instanceof Content.Text) && !(part instanceof Content.Image)) {
        throw Refusals.cannotCarry(field + ".content[" + i + "].type", "a tool result other than text and images",
            ctx);
      }
    }
    return new Content.ToolResult(block.path("tool_use_id").asText(null), content,
        block.path("is_error").asBoolean(false), cacheControl(block));
  }

  /** Anthropic sends {@code input} as an object; the common model keeps arguments as JSON text. */
  private static String arguments(JsonNode input) {
    return input == null || input.isNull() ? "{}" : JsonTrees.write(input);
  }

  /** An empty signature is no signature: no upstream can continue from it. */
  private static String signature(JsonNode block) {
    String signature = block.path("signature").asText("");
    return signature.isEmpty() ? null : signature;
  }

  static JsonNode cacheControl(JsonNode node) {
    JsonNode cache = node.get("cache_control");
    return cache == null || cache.isNull() ? null : cache;
  }
}
