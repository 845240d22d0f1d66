package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Role;
import dev.factoryproxy.translate.model.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes turns as Responses {@code input} items: text and images of a row as one message, each
 * tool call and tool result its own item, and the reasoning an OpenAI model produced (a
 * {@code "openai:"} signature) as a reasoning item with its {@code encrypted_content}. Other
 * reasoning (Anthropic's, redacted thinking) means nothing to an OpenAI model and is dropped.
 */
final class ResponsesInputWriter {

  private final ArrayNode items = JsonTrees.array();
  private ArrayNode message;

  static ArrayNode write(List<Turn> turns) {
    ResponsesInputWriter writer = new ResponsesInputWriter();
    turns.forEach(writer::turn);
    return writer.items;
  }

  private void turn(Turn turn) {
    message = null;
    for (Content part : turn.parts()) {
      part(turn.role(), part);
    }
    message = null;
  }

  private void part(Role role, Content part) {
    if (part instanceof Content.Text text) {
      messagePart(role).add(textPart(role, text.text()));
    } else if (part instanceof Content.Image image) {
      messagePart(role).add(imagePart(image));
    } else if (part instanceof Content.ToolCall call) {
      item("function_call").put("call_id", call.id()).put("name", call.name()).put("arguments", call.arguments());
    } else if (part instanceof Content.ToolResult result) {
      toolResult(result);
    } else if (part instanceof Content.Thinking thinking) {
      reasoning(thinking);
    }
    // RedactedThinking: Anthropic's hidden reasoning; no OpenAI model can continue from it.
  }

  private ArrayNode messagePart(Role role) {
    if (message == null) {
      ObjectNode item = JsonTrees.object().put("type", "message")
          .put("role", role == Role.USER ? "user" : "assistant");
      message = item.putArray("content");
      items.add(item);
    }
    return message;
  }

  private static ObjectNode textPart(Role role, String text) {
    return JsonTrees.object().put("type", role == Role.USER ? "input_text" : "output_text").put("text", text);
  }

  static ObjectNode imagePart(Content.Image image) {
    String url = image.url() != null ? image.url()
        : "data:" + (image.mediaType() != null ? image.mediaType() : "image/png") + ";base64," + image.base64();
    ObjectNode part = JsonTrees.object().put("type", "input_image").put("image_url", url);
    if (image.detail() != null) {
      part.put("detail", image.detail());
    }
    return part;
  }

  private ObjectNode item(String type) {
    message = null;
    ObjectNode item = JsonTrees.object().put("type", type);
    items.add(item);
    return item;
  }

  private void toolResult(Content.ToolResult result) {
    ObjectNode item = item("function_call_output").put("call_id", result.callId());
    boolean hasImage = result.content().stream().anyMatch(Content.Image.class::isInstance);
    if (!hasImage) {
      List<String> texts = new ArrayList<>();
      result.content().forEach(c -> {
        if (c instanceof Content.Text text) {
          texts.add(text.text());
        }
      });
      item.put("output", String.join("\n", texts));
      return;
    }
    ArrayNode output = item.putArray("output");
    result.content().forEach(c -> {
      if (c instanceof Content.Text text) {
        output.add(textPart(Role.USER, text.text()));
      } else if (c instanceof Content.Image image) {
        output.add(imagePart(image));
      }
    });
  }

  private void reasoning(Content.Thinking thinking) {
    String signature = thinking.signature();
    if (signature == null || !signature.startsWith(Content.Thinking.OPENAI_PREFIX)) {
      return;
    }
    ObjectNode item = item("reasoning");
    ArrayNode summary = item.putArray("summary");
    if (thinking.text() != null && !thinking.text().isEmpty()) {
      summary.addObject().put("type", "summary_text").put("text", thinking.text());
    }
    item.put("encrypted_content", signature.substring(Content.Thinking.OPENAI_PREFIX.length()));
  }
}
