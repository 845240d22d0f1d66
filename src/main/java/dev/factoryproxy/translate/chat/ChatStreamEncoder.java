package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.StreamEncoder;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes common events as {@code chat.completion.chunk}s: the role first, tool calls numbered
 * 0, 1, 2… among themselves, one finish reason, the usage chunk when the client asked for it,
 * then {@code [DONE]}. A failure is one {@code error} chunk and nothing after it. Signatures and
 * redacted thinking go as OpenRouter {@code reasoning_details}, numbered among reasoning blocks.
 */
final class ChatStreamEncoder implements StreamEncoder {

  private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

  private final TranslationContext ctx;
  private String id = ChatIds.completionId(null);
  private boolean ended;
  private final Map<Integer, Integer> toolIndexes = new HashMap<>();
  private final Map<Integer, Integer> reasoningIndexes = new HashMap<>();

  ChatStreamEncoder(TranslationContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void encode(Event event, Buffer out) {
    if (ended) {
      return;
    }
    if (event instanceof Event.Start start) {
      id = ChatIds.completionId(start.id());
      write(out, chunk(JsonTrees.object().put("role", "assistant").put("content", ""), null));
    } else if (event instanceof Event.BlockStart block) {
      blockStart(block, out);
    } else if (event instanceof Event.Delta delta) {
      delta(delta, out);
    } else if (event instanceof Event.Finish finish) {
      finish(finish, out);
    } else if (event instanceof Event.Failure failure) {
      failure(failure, out);
    }
    // BlockStop and Ping have no Chat counterpart.
  }

  private void blockStart(Event.BlockStart block, Buffer out) {
    if (block.kind() == BlockKind.TOOL_CALL) {
      int toolIndex = toolIndexes.size();
      toolIndexes.put(block.index(), toolIndex);
      ObjectNode call = JsonTrees.object().put("index", toolIndex).put("id", block.id()).put("type", "function");
      call.putObject("function").put("name", block.name()).put("arguments", "");
      write(out, chunk(toolCalls(call), null));
    } else if (block.kind() != BlockKind.TEXT) {
      reasoningIndexes.put(block.index(), reasoningIndexes.size());
    }
  }

  private void delta(Event.Delta delta, Buffer out) {
    if (delta.text() == null || delta.text().isEmpty()) {
      return;
    }
    ObjectNode body = switch (delta.kind()) {
      case TEXT -> JsonTrees.object().put("content", delta.text());
      case THINKING -> JsonTrees.object().put("reasoning_content", delta.text());
      case SIGNATURE -> details(ChatReasoning.textDetail(null, delta.text(), reasoningIndex(delta.index())));
      case REDACTED -> details(ChatReasoning.encryptedDetail(delta.text(), reasoningIndex(delta.index())));
      case ARGUMENTS -> arguments(delta);
    };
    write(out, chunk(body, null));
  }

  private ObjectNode arguments(Event.Delta delta) {
    ObjectNode call = JsonTrees.object().put("index", toolIndexes.getOrDefault(delta.index(), 0));
    call.putObject("function").put("arguments", delta.text());
    return toolCalls(call);
  }

  private int reasoningIndex(int blockIndex) {
    return reasoningIndexes.computeIfAbsent(blockIndex, i -> reasoningIndexes.size());
  }

  private void finish(Event.Finish finish, Buffer out) {
    ended = true;
    write(out, chunk(JsonTrees.object(), ChatFinishReasons.write(finish.reason())));
    if (ctx.clientWantsUsage()) {
      ObjectNode usage = envelope();
      usage.putArray("choices");
      usage.set("usage", ChatUsage.write(finish.usage()));
      write(out, usage);
    }
    out.appendBuffer(DONE);
  }

  private void failure(Event.Failure failure, Buffer out) {
    ended = true;
    ObjectNode body = JsonTrees.object();
    ObjectNode error = body.putObject("error")
        .put("message", failure.message() == null ? "the upstream failed" : failure.message());
    error.put("type", failure.type() == null ? "api_error" : failure.type());
    error.putNull("code");
    write(out, body);
  }

  private ObjectNode chunk(ObjectNode delta, String finishReason) {
    ObjectNode chunk = envelope();
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return chunk;
  }

  private ObjectNode envelope() {
    return JsonTrees.object().put("id", id).put("object", "chat.completion.chunk")
        .put("created", ctx.createdEpochSeconds()).put("model", ctx.clientModel());
  }

  private static ObjectNode toolCalls(ObjectNode call) {
    ObjectNode delta = JsonTrees.object();
    delta.putArray("tool_calls").add(call);
    return delta;
  }

  private static ObjectNode details(ObjectNode detail) {
    ObjectNode delta = JsonTrees.object();
    delta.set("reasoning_details", ChatReasoning.array(detail));
    return delta;
  }

  private static void write(Buffer out, ObjectNode chunk) {
    out.appendString("data: ").appendBuffer(JsonTrees.buffer(chunk)).appendString("\n\n");
  }
}
