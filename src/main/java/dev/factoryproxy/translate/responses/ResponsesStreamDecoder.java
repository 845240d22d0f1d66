package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.EventSink;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.StreamDecoder;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Content;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseEvent;

/**
 * Reads an upstream Responses stream. Output items become blocks, one open at a time, indexed
 * densely from 0; the deltas pass at once. A reasoning item's {@code encrypted_content} arrives
 * only with its {@code output_item.done} and becomes the block's signature, marked
 * {@code "openai:"}. When an item's content came whole in {@code output_item.done} and not as
 * deltas (some gateways do that), it is emitted from there.
 */
final class ResponsesStreamDecoder implements StreamDecoder {

  private final OpenBlock block = new OpenBlock();
  private int nextIndex;
  private boolean calledTool;
  private boolean refused;
  private boolean finished;

  @Override
  public void decode(SseEvent event, EventSink sink) {
    if (finished || event.data() == null || event.data().isBlank()) {
      return;
    }
    JsonNode data;
    try {
      data = JsonTrees.parse(event.data());
    } catch (TranslationException notJson) {
      return;
    }
    String type = Json.text(data, "type");
    if (type == null) {
      type = event.event();
    }
    if (type != null) {
      dispatch(type, data, sink);
    }
  }

  private void dispatch(String type, JsonNode data, EventSink sink) {
    switch (type) {
      case "response.created" -> {
        JsonNode response = data.path("response");
        sink.accept(new Event.Start(Json.text(response, "id"), Json.text(response, "model"), Usage.NONE));
      }
      case "response.output_item.added" -> itemAdded(data.path("item"), sink);
      case "response.output_text.delta" -> text(Json.text(data, "delta"), sink);
      case "response.refusal.delta" -> {
        refused = true;
        text(Json.text(data, "delta"), sink);
      }
      case "response.function_call_arguments.delta" -> arguments(Json.text(data, "delta"), sink);
      case "response.reasoning_summary_text.delta" ->
          thinking("s" + data.path("summary_index").asInt(), Json.text(data, "delta"), sink);
      case "response.reasoning_text.delta" ->
          thinking("c" + data.path("content_index").asInt(), Json.text(data, "delta"), sink);
      case "response.output_item.done" -> itemDone(data.path("item"), sink);
      case "response.completed", "response.incomplete" -> finish(data.path("response"), sink);
      case "response.failed" -> {
        JsonNode error = data.path("response").path("error");
        fail(Json.text(error, "code"), Json.text(error, "message"), sink);
      }
      case "error" -> {
        JsonNode error = data.has("error") && data.get("error").isObject() ? data.get("error") : data;
        fail(Json.text(error, "code") != null ? Json.text(error, "code") : Json.text(error, "type"),
            Json.text(error, "message"), sink);
      }
      default -> {
        // in_progress, content_part.*, *.done texts, hosted-tool progress: nothing new
      }
    }
  }

  private void itemAdded(JsonNode item, EventSink sink) {
    String type = Json.text(item, "type");
    if ("function_call".equals(type)) {
      open(BlockKind.TOOL_CALL, Json.text(item, "call_id"), Json.text(item, "name"), sink);
      String arguments = Json.text(item, "arguments");
      if (arguments != null && !arguments.isEmpty()) {
        arguments(arguments, sink);
      }
    } else if ("reasoning".equals(type)) {
      open(BlockKind.THINKING, null, null, sink);
    } else if ("message".equals(type)) {
      close(sink);
    }
  }

  private void itemDone(JsonNode item, EventSink sink) {
    String type = Json.text(item, "type");
    if ("reasoning".equals(type)) {
      reasoningDone(item, sink);
    } else if ("function_call".equals(type)) {
      if (block.kind != BlockKind.TOOL_CALL) {
        open(BlockKind.TOOL_CALL, Json.text(item, "call_id"), Json.text(item, "name"), sink);
      }
      String arguments = Json.text(item, "arguments");
      if (!block.hadDelta && arguments != null && !arguments.isEmpty()) {
        arguments(arguments, sink);
      }
      close(sink);
    } else if ("message".equals(type)) {
      if (block.kind != BlockKind.TEXT) {
        wholeMessage(item, sink);
      }
      close(sink);
    }
  }

  private void reasoningDone(JsonNode item, EventSink sink) {
    if (block.kind != BlockKind.THINKING) {
      open(BlockKind.THINKING, null, null, sink);
    }
    if (!block.hadDelta) {
      int i = 0;
      for (JsonNode part : item.path("summary")) {
        thinking("s" + i++, Json.text(part, "text"), sink);
      }
    }
    String encrypted = Json.text(item, "encrypted_content");
    if (encrypted != null) {
      sink.accept(new Event.Delta(block.index, DeltaKind.SIGNATURE, Content.Thinking.OPENAI_PREFIX + encrypted));
    }
    close(sink);
  }

  private void wholeMessage(JsonNode item, EventSink sink) {
    for (JsonNode part : item.path("content")) {
      String type = Json.text(part, "type");
      if ("refusal".equals(type)) {
        refused = true;
        text(Json.text(part, "refusal"), sink);
      } else if ("output_text".equals(type)) {
        text(Json.text(part, "text"), sink);
      }
    }
  }

  private void text(String delta, EventSink sink) {
    if (delta == null || delta.isEmpty()) {
      return;
    }
    if (block.kind != BlockKind.TEXT) {
      open(BlockKind.TEXT, null, null, sink);
    }
    block.hadDelta = true;
    sink.accept(new Event.Delta(block.index, DeltaKind.TEXT, delta));
  }

  private void arguments(String delta, EventSink sink) {
    if (delta == null || delta.isEmpty() || block.kind != BlockKind.TOOL_CALL) {
      return;
    }
    block.hadDelta = true;
    sink.accept(new Event.Delta(block.index, DeltaKind.ARGUMENTS, delta));
  }

  /** @param part which summary (or reasoning text) part the delta belongs to; a new part is set off by a blank line */
  private void thinking(String part, String delta, EventSink sink) {
    if (delta == null || delta.isEmpty()) {
      return;
    }
    if (block.kind != BlockKind.THINKING) {
      open(BlockKind.THINKING, null, null, sink);
    }
    if (block.hadDelta && !part.equals(block.part)) {
      sink.accept(new Event.Delta(block.index, DeltaKind.THINKING, "\n\n"));
    }
    block.part = part;
    block.hadDelta = true;
    sink.accept(new Event.Delta(block.index, DeltaKind.THINKING, delta));
  }

  private void open(BlockKind kind, String id, String name, EventSink sink) {
    close(sink);
    if (kind == BlockKind.TOOL_CALL) {
      calledTool = true;
    }
    block.open(nextIndex++, kind);
    sink.accept(new Event.BlockStart(block.index, kind, id, name));
  }

  private void close(EventSink sink) {
    if (block.kind != null) {
      sink.accept(new Event.BlockStop(block.index));
      block.clear();
    }
  }

  private void finish(JsonNode response, EventSink sink) {
    close(sink);
    finished = true;
    StopReason reason = ResponsesResponseReader.stopReason(response, refused, calledTool);
    sink.accept(new Event.Finish(reason, null, ResponsesUsage.read(response.get("usage"))));
  }

  private void fail(String code, String message, EventSink sink) {
    finished = true;
    sink.accept(new Event.Failure(code, message != null ? message : "the upstream reported an error"));
  }

  @Override
  public boolean finished() {
    return finished;
  }

  /** The one block open now, if any. */
  private static final class OpenBlock {
    private int index;
    private BlockKind kind;
    private boolean hadDelta;
    private String part;

    void open(int newIndex, BlockKind newKind) {
      index = newIndex;
      kind = newKind;
      hadDelta = false;
      part = null;
    }

    void clear() {
      kind = null;
      hadDelta = false;
      part = null;
    }
  }
}
