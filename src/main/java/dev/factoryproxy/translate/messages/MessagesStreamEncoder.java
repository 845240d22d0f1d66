package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.StreamEncoder;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Event.DeltaKind;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes common events as an Anthropic Messages stream, keeping the invariants Anthropic's SDKs
 * check: one {@code message_start} first (the SDKs fail on any other event before it, so a
 * {@link Event.Ping} that comes earlier is not written), each block's start, deltas and stop
 * under one index, the indexes numbered here from 0, and {@code message_stop} last. A block
 * still open when the answer finishes is closed first; a delta that does not belong to the open
 * block is not written, as the SDKs would misread it.
 *
 * <p>Deltas are written at once. The one exception is redacted thinking: its data comes in the
 * block's start ({@code content_block_start} with {@code data}), so the start is held until the
 * block stops and written with all the data seen.
 */
final class MessagesStreamEncoder implements StreamEncoder {

  private final TranslationContext ctx;
  private boolean started;
  private boolean done;
  private int nextIndex;
  /** The open block's index here, or -1. */
  private int openIndex = -1;
  private BlockKind openKind;
  private StringBuilder redactedData;

  MessagesStreamEncoder(TranslationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void encode(Event event, Buffer out) {
    if (done) {
      return;
    }
    if (event instanceof Event.Failure failure) {
      failure(failure, out);
      return;
    }
    if (event instanceof Event.Ping) {
      if (started) {
        write("ping", typed("ping"), out);
      }
      return;
    }
    if (event instanceof Event.Start start) {
      if (!started) {
        messageStart(start.id(), start.usage(), out);
      }
      return;
    }
    if (!started) {
      messageStart(null, Usage.NONE, out);
    }
    if (event instanceof Event.BlockStart blockStart) {
      blockStart(blockStart, out);
    } else if (event instanceof Event.Delta delta) {
      delta(delta, out);
    } else if (event instanceof Event.BlockStop) {
      blockStop(out);
    } else if (event instanceof Event.Finish finish) {
      finish(finish, out);
    }
  }

  private void messageStart(String upstreamId, Usage usage, Buffer out) {
    started = true;
    ObjectNode message = JsonTrees.object();
    message.put("id", MessageIds.derive(upstreamId));
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", ctx.clientModel());
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    ObjectNode startUsage = message.putObject("usage");
    Long input = usage.input() != null ? usage.input() : ctx.estimatedInputTokens();
    startUsage.put("input_tokens", Usage.zero(input));
    startUsage.put("output_tokens", Usage.zero(usage.output()));
    MessagesUsage.putCache(usage, startUsage);
    ObjectNode data = typed("message_start");
    data.set("message", message);
    write("message_start", data, out);
  }

  private void blockStart(Event.BlockStart start, Buffer out) {
    if (openIndex >= 0) {
      blockStop(out);
    }
    openIndex = nextIndex++;
    openKind = start.kind();
    ObjectNode block = JsonTrees.object();
    switch (start.kind()) {
      case TEXT -> block.put("type", "text").put("text", "");
      case THINKING -> block.put("type", "thinking").put("thinking", "").put("signature", "");
      case TOOL_CALL -> block.put("type", "tool_use").put("id", start.id()).put("name", start.name())
          .putObject("input");
      case REDACTED_THINKING -> {
        redactedData = new StringBuilder();
        return;
      }
    }
    writeBlockStart(block, out);
  }

  private void writeBlockStart(ObjectNode block, Buffer out) {
    ObjectNode data = typed("content_block_start").put("index", openIndex);
    data.set("content_block", block);
    write("content_block_start", data, out);
  }

  private void delta(Event.Delta delta, Buffer out) {
    if (openIndex < 0 || !fits(delta.kind()) || delta.text() == null || delta.text().isEmpty()) {
      return;
    }
    if (openKind == BlockKind.REDACTED_THINKING) {
      redactedData.append(delta.text());
      return;
    }
    ObjectNode body = JsonTrees.object();
    switch (delta.kind()) {
      case TEXT -> body.put("type", "text_delta").put("text", delta.text());
      case THINKING -> body.put("type", "thinking_delta").put("thinking", delta.text());
      case SIGNATURE -> body.put("type", "signature_delta").put("signature", delta.text());
      case ARGUMENTS -> body.put("type", "input_json_delta").put("partial_json", delta.text());
      case REDACTED -> throw new IllegalStateException("redacted data outside a redacted block");
    }
    ObjectNode data = typed("content_block_delta").put("index", openIndex);
    data.set("delta", body);
    write("content_block_delta", data, out);
  }

  private boolean fits(DeltaKind kind) {
    return switch (openKind) {
      case TEXT -> kind == DeltaKind.TEXT;
      case THINKING -> kind == DeltaKind.THINKING || kind == DeltaKind.SIGNATURE;
      case TOOL_CALL -> kind == DeltaKind.ARGUMENTS;
      case REDACTED_THINKING -> kind == DeltaKind.REDACTED;
    };
  }

  private void blockStop(Buffer out) {
    if (openIndex < 0) {
      return;
    }
    if (openKind == BlockKind.REDACTED_THINKING) {
      writeBlockStart(JsonTrees.object().put("type", "redacted_thinking").put("data", redactedData.toString()), out);
      redactedData = null;
    }
    write("content_block_stop", typed("content_block_stop").put("index", openIndex), out);
    openIndex = -1;
    openKind = null;
  }

  private void finish(Event.Finish finish, Buffer out) {
    blockStop(out);
    ObjectNode data = typed("message_delta");
    data.putObject("delta")
        .put("stop_reason", MessagesStopReasons.write(finish.reason()))
        .put("stop_sequence", finish.stopSequence());
    Usage usage = finish.usage() == null ? Usage.NONE : finish.usage();
    ObjectNode deltaUsage = data.putObject("usage").put("output_tokens", Usage.zero(usage.output()));
    if (usage.input() != null) {
      deltaUsage.put("input_tokens", usage.input());
    }
    MessagesUsage.putCache(usage, deltaUsage);
    write("message_delta", data, out);
    write("message_stop", typed("message_stop"), out);
    done = true;
  }

  private void failure(Event.Failure failure, Buffer out) {
    ObjectNode data = typed("error");
    data.putObject("error")
        .put("type", failure.type() != null ? failure.type() : "api_error")
        .put("message", failure.message() != null ? failure.message() : "");
    write("error", data, out);
    done = true;
  }

  private static ObjectNode typed(String type) {
    return JsonTrees.object().put("type", type);
  }

  private static void write(String name, ObjectNode data, Buffer out) {
    out.appendString("event: " + name + "\ndata: ", StandardCharsets.UTF_8.name());
    out.appendBuffer(JsonTrees.buffer(data));
    out.appendString("\n\n");
  }
}
