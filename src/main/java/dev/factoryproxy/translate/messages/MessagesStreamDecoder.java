package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.EventSink;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.StreamDecoder;
import dev.factoryproxy.translate.UpstreamError;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads an Anthropic Messages stream into common events. Blocks of Anthropic's server tools
 * are dropped (see {@link MessagesResponseReader}), so the blocks kept are numbered again from
 * 0 without gaps. Usage is merged over the stream: {@code message_start} gives the input,
 * {@code message_delta} the output (and sometimes the input and cache counts again). The event
 * type is taken from the data's {@code type}, which Anthropic always sends, else from the
 * {@code event:} name. Data that is not JSON throws the {@code TranslationException} of
 * {@link JsonTrees#parse(String)}.
 */
final class MessagesStreamDecoder implements StreamDecoder {

  /** Upstream block index to ours, for the blocks open now; a dropped block maps to nothing. */
  private final Map<Integer, Integer> open = new HashMap<>();
  private int nextIndex;
  private Usage usage = Usage.NONE;
  private StopReason stopReason;
  private String stopSequence;
  private boolean finished;

  @Override
  public void decode(SseEvent event, EventSink sink) {
    if (finished || event.data() == null || event.data().isBlank()) {
      return;
    }
    JsonNode data = JsonTrees.parse(event.data());
    String type = data.path("type").asText(event.event() == null ? "" : event.event());
    switch (type) {
      case "message_start" -> messageStart(data.path("message"), sink);
      case "content_block_start" -> blockStart(data, sink);
      case "content_block_delta" -> blockDelta(data, sink);
      case "content_block_stop" -> blockStop(data, sink);
      case "message_delta" -> messageDelta(data);
      case "message_stop" -> finish(sink);
      case "ping" -> sink.accept(new Event.Ping());
      case "error" -> fail(data, sink);
      default -> {
        // Anthropic may add event types; its versioning policy says clients ignore unknown ones.
      }
    }
  }

  @Override
  public boolean finished() {
    return finished;
  }

  private void messageStart(JsonNode message, EventSink sink) {
    usage = MessagesUsage.read(message.get("usage"));
    sink.accept(new Event.Start(message.path("id").asText(null), message.path("model").asText(null), usage));
  }

  private void blockStart(JsonNode data, EventSink sink) {
    int upstream = data.path("index").asInt();
    JsonNode block = data.path("content_block");
    BlockKind kind = kind(block.path("type").asText(""));
    if (kind == null) {
      return;
    }
    int index = nextIndex++;
    open.put(upstream, index);
    sink.accept(new Event.BlockStart(index, kind, kind == BlockKind.TOOL_CALL ? block.path("id").asText(null) : null,
        kind == BlockKind.TOOL_CALL ? block.path("name").asText(null) : null));
    initialContent(index, kind, block, sink);
  }

  private static BlockKind kind(String type) {
    return switch (type) {
      case "text" -> BlockKind.TEXT;
      case "thinking" -> BlockKind.THINKING;
      case "redacted_thinking" -> BlockKind.REDACTED_THINKING;
      case "tool_use" -> BlockKind.TOOL_CALL;
      default -> null;
    };
  }

  /** What a block's start already holds: Anthropic usually starts empty, redacted data never is. */
  private static void initialContent(int index, BlockKind kind, JsonNode block, EventSink sink) {
    switch (kind) {
      case TEXT -> delta(index, DeltaKind.TEXT, block.path("text").asText(""), sink);
      case THINKING -> {
        delta(index, DeltaKind.THINKING, block.path("thinking").asText(""), sink);
        delta(index, DeltaKind.SIGNATURE, block.path("signature").asText(""), sink);
      }
      case REDACTED_THINKING -> sink.accept(new Event.Delta(index, DeltaKind.REDACTED, block.path("data").asText("")));
      case TOOL_CALL -> {
        JsonNode input = block.get("input");
        if (input != null && input.isObject() && !input.isEmpty()) {
          delta(index, DeltaKind.ARGUMENTS, JsonTrees.write(input), sink);
        }
      }
    }
  }

  private void blockDelta(JsonNode data, EventSink sink) {
    Integer index = open.get(data.path("index").asInt());
    if (index == null) {
      return;
    }
    JsonNode delta = data.path("delta");
    switch (delta.path("type").asText("")) {
      case "text_delta" -> delta(index, DeltaKind.TEXT, delta.path("text").asText(""), sink);
      case "input_json_delta" -> delta(index, DeltaKind.ARGUMENTS, delta.path("partial_json").asText(""), sink);
      case "thinking_delta" -> delta(index, DeltaKind.THINKING, delta.path("thinking").asText(""), sink);
      case "signature_delta" -> delta(index, DeltaKind.SIGNATURE, delta.path("signature").asText(""), sink);
      default -> {
        // citations_delta and whatever comes next: nothing the common model carries.
      }
    }
  }

  private static void delta(int index, DeltaKind kind, String text, EventSink sink) {
    if (!text.isEmpty()) {
      sink.accept(new Event.Delta(index, kind, text));
    }
  }

  private void blockStop(JsonNode data, EventSink sink) {
    Integer index = open.remove(data.path("index").asInt());
    if (index != null) {
      sink.accept(new Event.BlockStop(index));
    }
  }

  private void messageDelta(JsonNode data) {
    JsonNode delta = data.path("delta");
    if (delta.hasNonNull("stop_reason")) {
      stopReason = MessagesStopReasons.read(delta.get("stop_reason").asText());
    }
    if (delta.hasNonNull("stop_sequence")) {
      stopSequence = delta.get("stop_sequence").asText();
    }
    usage = usage.merge(MessagesUsage.read(data.get("usage")));
  }

  private void finish(EventSink sink) {
    finished = true;
    sink.accept(new Event.Finish(stopReason, stopSequence, usage));
  }

  private void fail(JsonNode data, EventSink sink) {
    finished = true;
    UpstreamError error = MessagesErrors.read(data);
    sink.accept(error != null ? new Event.Failure(error.type(), error.message())
        : new Event.Failure(null, "the upstream stream reported an error"));
  }
}
