package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the turns as Anthropic {@code messages}, in the shape Anthropic accepts:
 * <ul>
 *   <li>roles alternate: consecutive turns of one role become one message;</li>
 *   <li>in a user message the {@code tool_result} blocks come first, as Anthropic wants them
 *       right after the {@code tool_use} turn;</li>
 *   <li>thinking goes back only with an Anthropic signature (Anthropic rejects unsigned or
 *       foreign thinking); empty text blocks, which Anthropic rejects, are left out; a turn
 *       left with nothing is left out.</li>
 * </ul>
 * Tool arguments become {@code input} objects: blank arguments are {@code {}}; arguments that are
 * not a JSON object are refused, since sending anything else would change the call.
 */
final class MessagesTurnWriter {

  private MessagesTurnWriter() {
  }

  static ArrayNode messages(List<Turn> turns) {
    ArrayNode messages = JsonTrees.array();
    Role previous = null;
    List<JsonNode> blocks = new ArrayList<>();
    for (Turn turn : turns) {
      List<JsonNode> written = blocks(turn.parts());
      if (written.isEmpty()) {
        continue;
      }
      if (previous != null && previous != turn.role()) {
        messages.add(message(previous, blocks));
        blocks = new ArrayList<>();
      }
      blocks.addAll(written);
      previous = turn.role();
    }
    if (previous != null) {
      messages.add(message(previous, blocks));
    }
    return messages;
  }

  private static ObjectNode message(Role role, List<JsonNode> blocks) {
    ObjectNode message = JsonTrees.object();
    message.put("role", role == Role.USER ? "user" : "assistant");
    ArrayNode content = message.putArray("content");
    if (role == Role.USER) {
      blocks.stream().filter(MessagesTurnWriter::isToolResult).forEach(content::add);
      blocks.stream().filter(b -> !isToolResult(b)).forEach(content::add);
    } else {
      blocks.forEach(content::add);
    }
    return message;
  }

  private static boolean isToolResult(JsonNode block) {
    return "tool_result".equals(block.path("type").asText());
  }

  private static List<JsonNode> blocks(List<Content> parts) {
    List<JsonNode> blocks = new ArrayList<>();
    for (Content part : parts) {
      JsonNode block = block(part);
      if (block != null) {
        blocks.add(block);
      }
    }
    return blocks;
  }

  /** The block for one part, or {@code null} for a part Anthropic must not see. */
  private static JsonNode block(Content part) {
    if (part instanceof Content.Text text) {
      return text.text().isEmpty() ? null : text(text);
    }
    if (part instanceof Content.Image image) {
      return image(image);
    }
    if (part instanceof Content.ToolCall call) {
      ObjectNode block = typed("tool_use").put("id", call.id()).put("name", call.name());
      block.set("input", input(call));
      return block;
    }
    if (part instanceof Content.ToolResult result) {
      return toolResult(result);
    }
    if (part instanceof Content.Thinking thinking) {
      return anthropicSigned(thinking)
          ? typed("thinking").put("thinking", thinking.text()).put("signature", thinking.signature())
          : null;
    }
    Content.RedactedThinking redacted = (Content.RedactedThinking) part;
    return typed("redacted_thinking").put("data", redacted.data());
  }

  private static boolean anthropicSigned(Content.Thinking thinking) {
    String signature = thinking.signature();
    return signature != null && !signature.isEmpty() && !signature.startsWith(Content.Thinking.OPENAI_PREFIX);
  }

  static ObjectNode text(Content.Text text) {
    ObjectNode block = typed("text").put("text", text.text());
    return cached(block, text.cacheControl());
  }

  private static ObjectNode image(Content.Image image) {
    ObjectNode block = typed("image");
    ObjectNode source = block.putObject("source");
    if (image.base64() != null) {
      source.put("type", "base64").put("media_type", image.mediaType()).put("data", image.base64());
    } else {
      source.put("type", "url").put("url", image.url());
    }
    return cached(block, image.cacheControl());
  }

  private static ObjectNode toolResult(Content.ToolResult result) {
    ObjectNode block = typed("tool_result").put("tool_use_id", result.callId());
    List<Content> content = result.content();
    if (content.size() == 1 && content.get(0) instanceof Content.Text only && only.cacheControl() == null) {
      block.put("content", only.text());
    } else if (!content.isEmpty()) {
      block.set("content", toolResultBlocks(content));
    }
    if (result.isError()) {
      block.put("is_error", true);
    }
    return cached(block, result.cacheControl());
  }

  private static ArrayNode toolResultBlocks(List<Content> content) {
    ArrayNode blocks = JsonTrees.array();
    for (Content part : content) {
      if (part instanceof Content.Text text && !text.text().isEmpty()) {
        blocks.add(text(text));
      } else if (part instanceof Content.Image image) {
        blocks.add(image(image));
      }
    }
    return blocks;
  }

  private static JsonNode input(Content.ToolCall call) {
    String arguments = call.arguments();
    if (arguments == null || arguments.isBlank()) {
      return JsonTrees.object();
    }
    JsonNode input;
    try {
      input = JsonTrees.parse(arguments);
    } catch (TranslationException e) {
      input = null;
    }
    if (input == null || !input.isObject()) {
      throw new TranslationException("arguments", "the arguments of tool call \"" + call.id()
          + "\" are not a JSON object; Anthropic Messages needs tool input as an object");
    }
    return input;
  }

  private static ObjectNode cached(ObjectNode block, JsonNode cacheControl) {
    if (cacheControl != null) {
      block.set("cache_control", cacheControl);
    }
    return block;
  }

  private static ObjectNode typed(String type) {
    return JsonTrees.object().put("type", type);
  }
}
