package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.StreamEncoder;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * Writes common events as a Responses stream: {@code event: TYPE} and {@code data: JSON}, each
 * data with its {@code type} and a {@code sequence_number} rising by 1 from 0.
 *
 * <p>Each block is one output item: text a {@code message}, thinking a {@code reasoning} item
 * (its signature, when one came, as {@code encrypted_content}), a tool call a
 * {@code function_call}. Deltas pass at once, with one exception: a call of a custom tool
 * ({@code custom_tool_call}) whose input is the {@code input} string inside the arguments JSON
 * the model streams. Its arguments are held until the block stops and then sent as one
 * {@code custom_tool_call_input.delta}: the JSON text's escapes cannot be undone safely piece by
 * piece, and Codex reads custom calls from {@code output_item.done} only. Plain function calls
 * are never held. Redacted thinking has no Responses form and is left out.
 *
 * <p>The terminal {@code response.completed} (or {@code response.incomplete}) carries the whole
 * output and the usage, as the protocol requires, so the encoder keeps each finished item.
 */
final class ResponsesStreamEncoder implements StreamEncoder {

  private final TranslationContext ctx;
  private final ArrayNode output = JsonTrees.array();
  private ResponseIds ids = ResponseIds.of(null);
  private Usage usage = Usage.NONE;
  private long sequence;
  private OutputItem item;
  private int skippedBlock = -1;
  private boolean ended;

  ResponsesStreamEncoder(TranslationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void encode(Event event, Buffer out) {
    if (ended) {
      return;
    }
    if (event instanceof Event.Start start) {
      start(start, out);
    } else if (event instanceof Event.BlockStart start) {
      blockStart(start, out);
    } else if (event instanceof Event.Delta delta) {
      delta(delta, out);
    } else if (event instanceof Event.BlockStop stop) {
      blockStop(stop.index(), out);
    } else if (event instanceof Event.Finish finish) {
      finish(finish, out);
    } else if (event instanceof Event.Failure failure) {
      failure(failure, out);
    }
    // Ping: Responses has no keep-alive event; SSE comments are the transport's business.
  }

  private void start(Event.Start start, Buffer out) {
    ids = ResponseIds.of(start.id());
    usage = start.usage() != null ? start.usage() : Usage.NONE;
    ObjectNode response = response("in_progress");
    emit(out, "response.created", JsonTrees.object().set("response", response));
    emit(out, "response.in_progress", JsonTrees.object().set("response", response.deepCopy()));
  }

  private void blockStart(Event.BlockStart start, Buffer out) {
    closeItem(out);
    if (start.kind() == BlockKind.REDACTED_THINKING) {
      skippedBlock = start.index();
      return;
    }
    int outputIndex = output.size();
    item = switch (start.kind()) {
      case TEXT -> new OutputItem.Text(ids.message(outputIndex), outputIndex);
      case THINKING -> new OutputItem.Reasoning(ids.reasoning(outputIndex), outputIndex);
      default -> OutputItem.toolCall(ids, outputIndex, start.id(), start.name(), ctx);
    };
    item.blockIndex = start.index();
    item.opened(this, out);
  }

  private void delta(Event.Delta delta, Buffer out) {
    if (item == null || delta.index() != item.blockIndex || delta.index() == skippedBlock) {
      return;
    }
    item.delta(delta, this, out);
  }

  private void blockStop(int index, Buffer out) {
    if (item != null && item.blockIndex == index) {
      closeItem(out);
    }
  }

  private void closeItem(Buffer out) {
    if (item != null) {
      output.add(item.closed(this, out));
      item = null;
    }
  }

  private void finish(Event.Finish finish, Buffer out) {
    closeItem(out);
    usage = usage.merge(finish.usage());
    ObjectNode response = ResponseObject.finish(response("completed"), finish.reason());
    String type = "incomplete".equals(Json.text(response, "status")) ? "response.incomplete" : "response.completed";
    emit(out, type, JsonTrees.object().set("response", response));
    ended = true;
  }

  private void failure(Event.Failure failure, Buffer out) {
    closeItem(out);
    ObjectNode response = response("failed");
    response.putObject("error").put("code", errorCode(failure.type())).put("message", failure.message());
    emit(out, "response.failed", JsonTrees.object().set("response", response));
    ended = true;
  }

  /**
   * A code the Responses clients know: the OpenAI SDKs parse {@code error.code} as an enum (an
   * unknown one fails the whole event), and Codex acts on {@code rate_limit_exceeded},
   * {@code context_length_exceeded} and {@code insufficient_quota}. Anything else, Anthropic's
   * {@code overloaded_error} included, is a {@code server_error}.
   */
  static String errorCode(String type) {
    if (type == null) {
      return "server_error";
    }
    return switch (type) {
      case "rate_limit_error", "rate_limit_exceeded" -> "rate_limit_exceeded";
      case "context_length_exceeded", "insufficient_quota", "invalid_prompt", "invalid_image" -> type;
      default -> "server_error";
    };
  }

  private ObjectNode response(String status) {
    return ResponseObject.create(ids.response(), status, output.deepCopy(), usage, ctx);
  }

  /** Appends one event; {@code data} gets its type and the next sequence number. */
  void emit(Buffer out, String type, ObjectNode data) {
    ObjectNode event = JsonTrees.object().put("type", type).put("sequence_number", sequence++);
    event.setAll(data);
    out.appendString("event: " + type + "\ndata: ");
    out.appendBuffer(JsonTrees.buffer(event));
    out.appendString("\n\n");
  }
}
