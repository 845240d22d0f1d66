package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.Event;
import io.vertx.core.buffer.Buffer;

/**
 * One output item of a Responses stream while its block is open: the events its opening, its
 * deltas and its end are written as, and the finished item for the terminal response.
 */
abstract sealed class OutputItem {

  final String id;
  final int outputIndex;
  int blockIndex;

  OutputItem(String id, int outputIndex) {
    this.id = id;
    this.outputIndex = outputIndex;
  }

  static OutputItem toolCall(ResponseIds ids, int outputIndex, String callId, String name, TranslationContext ctx) {
    ObjectNode added = OutputItems.toolCall(ids, outputIndex, callId, name, "", "in_progress", ctx);
    return OutputItems.isCustom(ctx.toolOrigin(name)) ? new CustomCall(added, outputIndex)
        : new FunctionCall(added, outputIndex);
  }

  abstract void opened(ResponsesStreamEncoder encoder, Buffer out);

  abstract void delta(Event.Delta delta, ResponsesStreamEncoder encoder, Buffer out);

  /** Writes the item's closing events and returns the finished item. */
  abstract ObjectNode closed(ResponsesStreamEncoder encoder, Buffer out);

  ObjectNode located() {
    return JsonTrees.object().put("item_id", id).put("output_index", outputIndex);
  }

  void itemEvent(ResponsesStreamEncoder encoder, Buffer out, String type, ObjectNode item) {
    ObjectNode data = JsonTrees.object().put("output_index", outputIndex);
    data.set("item", item);
    encoder.emit(out, type, data);
  }

  /** A message with one output_text part. */
  static final class Text extends OutputItem {
    private final StringBuilder text = new StringBuilder();

    Text(String id, int outputIndex) {
      super(id, outputIndex);
    }

    @Override
    void opened(ResponsesStreamEncoder encoder, Buffer out) {
      itemEvent(encoder, out, "response.output_item.added", OutputItems.message(id, "in_progress", null));
      ObjectNode part = located().put("content_index", 0);
      part.set("part", OutputItems.outputText(""));
      encoder.emit(out, "response.content_part.added", part);
    }

    @Override
    void delta(Event.Delta delta, ResponsesStreamEncoder encoder, Buffer out) {
      if (delta.kind() != Event.DeltaKind.TEXT) {
        return;
      }
      text.append(delta.text());
      ObjectNode data = located().put("content_index", 0).put("delta", delta.text());
      data.putArray("logprobs");
      encoder.emit(out, "response.output_text.delta", data);
    }

    @Override
    ObjectNode closed(ResponsesStreamEncoder encoder, Buffer out) {
      String all = text.toString();
      ObjectNode done = located().put("content_index", 0).put("text", all);
      done.putArray("logprobs");
      encoder.emit(out, "response.output_text.done", done);
      ObjectNode part = located().put("content_index", 0);
      part.set("part", OutputItems.outputText(all));
      encoder.emit(out, "response.content_part.done", part);
      ObjectNode item = OutputItems.message(id, "completed", all);
      itemEvent(encoder, out, "response.output_item.done", item);
      return item;
    }
  }

  /** A reasoning item with (at most) one summary part; the part opens with the first thinking delta. */
  static final class Reasoning extends OutputItem {
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder signature = new StringBuilder();
    private boolean partOpen;

    Reasoning(String id, int outputIndex) {
      super(id, outputIndex);
    }

    @Override
    void opened(ResponsesStreamEncoder encoder, Buffer out) {
      itemEvent(encoder, out, "response.output_item.added", OutputItems.reasoning(id, null, null));
    }

    @Override
    void delta(Event.Delta delta, ResponsesStreamEncoder encoder, Buffer out) {
      if (delta.kind() == Event.DeltaKind.SIGNATURE) {
        signature.append(delta.text());
        return;
      }
      if (delta.kind() != Event.DeltaKind.THINKING) {
        return;
      }
      if (!partOpen) {
        partOpen = true;
        ObjectNode part = located().put("summary_index", 0);
        part.set("part", OutputItems.summaryText(""));
        encoder.emit(out, "response.reasoning_summary_part.added", part);
      }
      text.append(delta.text());
      encoder.emit(out, "response.reasoning_summary_text.delta",
          located().put("summary_index", 0).put("delta", delta.text()));
    }

    @Override
    ObjectNode closed(ResponsesStreamEncoder encoder, Buffer out) {
      String all = text.toString();
      if (partOpen) {
        encoder.emit(out, "response.reasoning_summary_text.done", located().put("summary_index", 0).put("text", all));
        ObjectNode part = located().put("summary_index", 0);
        part.set("part", OutputItems.summaryText(all));
        encoder.emit(out, "response.reasoning_summary_part.done", part);
      }
      ObjectNode item = OutputItems.reasoning(id, partOpen ? all : null,
          signature.length() > 0 ? signature.toString() : null);
      itemEvent(encoder, out, "response.output_item.done", item);
      return item;
    }
  }

  /** A tool call: announced as it was added, its arguments gathered for the finished item. */
  abstract static sealed class Call extends OutputItem {
    final ObjectNode added;
    final StringBuilder arguments = new StringBuilder();

    Call(ObjectNode added, int outputIndex) {
      super(added.get("id").asText(), outputIndex);
      this.added = added;
    }

    @Override
    void opened(ResponsesStreamEncoder encoder, Buffer out) {
      itemEvent(encoder, out, "response.output_item.added", added.deepCopy());
    }
  }

  /** A function_call; its arguments pass as they come. */
  static final class FunctionCall extends Call {

    FunctionCall(ObjectNode added, int outputIndex) {
      super(added, outputIndex);
    }

    @Override
    void delta(Event.Delta delta, ResponsesStreamEncoder encoder, Buffer out) {
      if (delta.kind() != Event.DeltaKind.ARGUMENTS) {
        return;
      }
      arguments.append(delta.text());
      encoder.emit(out, "response.function_call_arguments.delta", located().put("delta", delta.text()));
    }

    @Override
    ObjectNode closed(ResponsesStreamEncoder encoder, Buffer out) {
      String all = arguments.length() > 0 ? arguments.toString() : "{}";
      encoder.emit(out, "response.function_call_arguments.done",
          located().put("name", added.get("name").asText()).put("arguments", all));
      ObjectNode item = added.deepCopy().put("status", "completed").put("arguments", all);
      itemEvent(encoder, out, "response.output_item.done", item);
      return item;
    }
  }

  /** A custom_tool_call: the arguments JSON is held, and its {@code input} sent whole at the end. */
  static final class CustomCall extends Call {

    CustomCall(ObjectNode added, int outputIndex) {
      super(added, outputIndex);
    }

    @Override
    void delta(Event.Delta delta, ResponsesStreamEncoder encoder, Buffer out) {
      if (delta.kind() == Event.DeltaKind.ARGUMENTS) {
        arguments.append(delta.text());
      }
    }

    @Override
    ObjectNode closed(ResponsesStreamEncoder encoder, Buffer out) {
      String input = CustomToolArguments.unwrap(arguments.toString());
      if (!input.isEmpty()) {
        encoder.emit(out, "response.custom_tool_call_input.delta", located().put("delta", input));
      }
      encoder.emit(out, "response.custom_tool_call_input.done", located().put("input", input));
      ObjectNode item = added.deepCopy().put("status", "completed").put("input", input);
      itemEvent(encoder, out, "response.output_item.done", item);
      return item;
    }
  }
}
