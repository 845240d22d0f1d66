package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Conversation;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The common system prompt and turns as Chat {@code messages}.
 *
 * <ul>
 *   <li>The system parts become one {@code system} message, their texts joined by a blank line.</li>
 *   <li>A user turn's tool results become one {@code tool} message each, first (Chat wants them
 *       right after the assistant's {@code tool_calls}), their text joined by newlines. Chat tool
 *       messages hold text only, so images of tool results follow in a user message, together
 *       with the turn's own parts. Chat has no error flag for a tool result: it is dropped.</li>
 *   <li>An assistant turn's thinking becomes {@code reasoning_content} (GLM's and Kimi's field);
 *       signatures and redacted thinking are another upstream's tokens and are dropped.</li>
 * </ul>
 */
final class ChatMessageWriter {

  private ChatMessageWriter() {
  }

  static ArrayNode write(Conversation conversation) {
    ArrayNode messages = JsonTrees.array();
    String system = joinedText(conversation.system(), "\n\n");
    if (!conversation.system().isEmpty()) {
      messages.addObject().put("role", "system").put("content", system);
    }
    for (Turn turn : conversation.turns()) {
      if (turn.role() == Role.USER) {
        user(turn.parts(), messages);
      } else {
        messages.add(assistant(turn.parts()));
      }
    }
    return messages;
  }

  private static void user(List<Content> parts, ArrayNode messages) {
    List<Content> rest = new ArrayList<>();
    for (Content part : parts) {
      if (part instanceof Content.ToolResult result) {
        messages.addObject().put("role", "tool").put("tool_call_id", result.callId())
            .put("content", joinedText(result.content(), "\n"));
        result.content().stream().filter(c -> c instanceof Content.Image).forEach(rest::add);
      }
    }
    parts.stream().filter(p -> !(p instanceof Content.ToolResult)).forEach(rest::add);
    if (!rest.isEmpty()) {
      messages.addObject().put("role", "user").set("content", userContent(rest));
    }
  }

  /** A string when the parts are all text (what every Chat server reads), else typed parts. */
  private static JsonNode userContent(List<Content> parts) {
    if (parts.stream().allMatch(p -> p instanceof Content.Text)) {
      return TextNode.valueOf(joinedText(parts, "\n"));
    }
    ArrayNode content = JsonTrees.array();
    for (Content part : parts) {
      if (part instanceof Content.Text text) {
        content.addObject().put("type", "text").put("text", text.text());
      } else if (part instanceof Content.Image image) {
        ObjectNode url = content.addObject().put("type", "image_url").putObject("image_url")
            .put("url", imageUrl(image));
        if (image.detail() != null) {
          url.put("detail", image.detail());
        }
      } else {
        throw new TranslationException("messages", "a user message cannot hold " + part.getClass().getSimpleName());
      }
    }
    return content;
  }

  static String imageUrl(Content.Image image) {
    if (image.url() != null) {
      return image.url();
    }
    String mediaType = image.mediaType() == null ? "image/png" : image.mediaType();
    return "data:" + mediaType + ";base64," + image.base64();
  }

  private static ObjectNode assistant(List<Content> parts) {
    ObjectNode message = JsonTrees.object().put("role", "assistant");
    List<Content> texts = parts.stream().filter(p -> p instanceof Content.Text).toList();
    if (texts.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", joinedText(texts, ""));
    }
    String thinking = parts.stream().filter(p -> p instanceof Content.Thinking)
        .map(p -> ((Content.Thinking) p).text()).collect(Collectors.joining());
    if (!thinking.isEmpty()) {
      message.put("reasoning_content", thinking);
    }
    ArrayNode calls = JsonTrees.array();
    for (Content part : parts) {
      if (part instanceof Content.ToolCall call) {
        calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
            .put("name", call.name()).put("arguments", call.arguments());
      } else if (part instanceof Content.Image || part instanceof Content.ToolResult) {
        throw new TranslationException("messages", "an assistant message cannot hold " + part.getClass().getSimpleName());
      }
    }
    if (!calls.isEmpty()) {
      message.set("tool_calls", calls);
    }
    return message;
  }

  private static String joinedText(List<Content> parts, String separator) {
    return parts.stream().filter(p -> p instanceof Content.Text).map(p -> ((Content.Text) p).text())
        .collect(Collectors.joining(separator));
  }
}
