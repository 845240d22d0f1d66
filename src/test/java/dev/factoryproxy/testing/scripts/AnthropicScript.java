package dev.factoryproxy.testing.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ScriptedAnswer} as Anthropic's Messages API sends it (docs.anthropic.com, "Streaming
 * Messages"): thinking with its {@code signature_delta}, text, then each tool_use with its input
 * in several {@code input_json_delta}s, the first one empty as the API sends it.
 */
public final class AnthropicScript {

  private AnthropicScript() {
  }

  public static List<String> events(String model, ScriptedAnswer answer) {
    List<String> events = new ArrayList<>();
    ObjectNode start = message(model, answer, JsonTrees.array());
    start.putNull("stop_reason");
    start.set("usage", usage(answer.usage(), 1));
    events.add(Sse.event("message_start", JsonTrees.object().put("type", "message_start").set("message", start)));
    int index = 0;
    if (answer.reasoning() != null) {
      events.addAll(thinking(index++, answer));
    }
    if (index == 0) {
      events.add(Sse.event("ping", JsonTrees.object().put("type", "ping")));
    }
    if (answer.text() != null) {
      events.addAll(text(index++, answer.text()));
    }
    for (ToolCall call : answer.calls()) {
      events.addAll(toolUse(index++, call));
    }
    ObjectNode delta = JsonTrees.object().put("stop_reason", stopReason(answer)).putNull("stop_sequence");
    ObjectNode messageDelta = JsonTrees.object().put("type", "message_delta");
    messageDelta.set("delta", delta);
    messageDelta.set("usage", usage(answer.usage(), answer.usage().output()));
    events.add(Sse.event("message_delta", messageDelta));
    events.add(Sse.event("message_stop", JsonTrees.object().put("type", "message_stop")));
    return events;
  }

  /** The non-streamed answer: one JSON message. */
  public static String message(String model, ScriptedAnswer answer) {
    ArrayNode content = JsonTrees.array();
    if (answer.reasoning() != null) {
      content.addObject().put("type", "thinking").put("thinking", answer.reasoning()).put("signature", answer.signature());
    }
    if (answer.text() != null) {
      content.addObject().put("type", "text").put("text", answer.text());
    }
    for (ToolCall call : answer.calls()) {
      content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
          .set("input", JsonTrees.parse(call.arguments()));
    }
    ObjectNode message = message(model, answer, content);
    message.set("usage", usage(answer.usage(), answer.usage().output()));
    return JsonTrees.write(message);
  }

  private static ObjectNode message(String model, ScriptedAnswer answer, ArrayNode content) {
    ObjectNode message = JsonTrees.object().put("id", "msg_01MockScripted").put("type", "message")
        .put("role", "assistant").put("model", model);
    message.set("content", content);
    message.put("stop_reason", stopReason(answer)).putNull("stop_sequence");
    return message;
  }

  private static String stopReason(ScriptedAnswer answer) {
    return answer.callsTools() ? "tool_use" : "end_turn";
  }

  /** Anthropic counts cached tokens apart: input_tokens is what was not read from the cache. */
  private static ObjectNode usage(ScriptedUsage usage, int output) {
    ObjectNode node = JsonTrees.object().put("input_tokens", usage.input() - usage.cached())
        .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", usage.cached());
    node.putObject("cache_creation").put("ephemeral_5m_input_tokens", 0).put("ephemeral_1h_input_tokens", 0);
    return node.put("output_tokens", output).put("service_tier", "standard");
  }

  private static List<String> thinking(int index, ScriptedAnswer answer) {
    List<String> events = new ArrayList<>();
    // The API opens the block with an empty signature; the Anthropic SDK refuses a thinking block without one.
    events.add(blockStart(index, JsonTrees.object().put("type", "thinking").put("thinking", "").put("signature", "")));
    for (String word : Sse.words(answer.reasoning())) {
      events.add(blockDelta(index, JsonTrees.object().put("type", "thinking_delta").put("thinking", word)));
    }
    events.add(blockDelta(index, JsonTrees.object().put("type", "signature_delta").put("signature", answer.signature())));
    events.add(blockStop(index));
    return events;
  }

  private static List<String> text(int index, String text) {
    List<String> events = new ArrayList<>();
    events.add(blockStart(index, JsonTrees.object().put("type", "text").put("text", "")));
    for (String word : Sse.words(text)) {
      events.add(blockDelta(index, JsonTrees.object().put("type", "text_delta").put("text", word)));
    }
    events.add(blockStop(index));
    return events;
  }

  private static List<String> toolUse(int index, ToolCall call) {
    List<String> events = new ArrayList<>();
    ObjectNode block = JsonTrees.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
    block.putObject("input");
    events.add(blockStart(index, block));
    events.add(blockDelta(index, JsonTrees.object().put("type", "input_json_delta").put("partial_json", "")));
    for (String piece : call.argumentPieces()) {
      events.add(blockDelta(index, JsonTrees.object().put("type", "input_json_delta").put("partial_json", piece)));
    }
    events.add(blockStop(index));
    return events;
  }

  private static String blockStart(int index, JsonNode block) {
    ObjectNode event = JsonTrees.object().put("type", "content_block_start").put("index", index);
    event.set("content_block", block);
    return Sse.event("content_block_start", event);
  }

  private static String blockDelta(int index, JsonNode delta) {
    ObjectNode event = JsonTrees.object().put("type", "content_block_delta").put("index", index);
    event.set("delta", delta);
    return Sse.event("content_block_delta", event);
  }

  private static String blockStop(int index) {
    return Sse.event("content_block_stop", JsonTrees.object().put("type", "content_block_stop").put("index", index));
  }
}
