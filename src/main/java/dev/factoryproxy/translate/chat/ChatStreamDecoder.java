package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.EventSink;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.StreamDecoder;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads {@code chat.completion.chunk}s into common events. Chat has no block boundaries, so
 * this opens a block when a delta of another kind (or another tool-call index) arrives and
 * closes the open one first; blocks are numbered from 0 in the order they open.
 *
 * <p>Tool calls are expected one after the other, as OpenAI, vLLM and Fireworks send them.
 * Should a provider go back to the arguments of a tool call it already left, those arguments
 * belong to a block that is closed, and no event order could carry them: the decoder reports
 * a {@link Event.Failure} rather than hand the client a silently wrong call.
 *
 * <p>Only the first choice ({@code index} 0) is read: a translated request never asks for more.
 */
final class ChatStreamDecoder implements StreamDecoder {

  private static final String DONE = "[DONE]";
  private static final int NONE = -1;

  private boolean started;
  private boolean finished;
  private int nextIndex;
  private int openIndex = NONE;
  private BlockKind openKind;
  private int openToolIndex = NONE;
  private final Set<Integer> toolIndexesSeen = new HashSet<>();
  private StopReason stopReason;
  private Usage usage = Usage.NONE;

  @Override
  public void decode(SseEvent event, EventSink sink) {
    String data = event.data();
    if (finished || data == null || data.isBlank()) {
      return;
    }
    if (DONE.equals(data.trim())) {
      done(sink);
      return;
    }
    JsonNode chunk;
    try {
      chunk = JsonTrees.parse(data);
    } catch (TranslationException e) {
      fail(sink, "api_error", "the upstream sent a stream event that is not JSON");
      return;
    }
    chunk(chunk, sink);
  }

  @Override
  public boolean finished() {
    return finished;
  }

  private void chunk(JsonNode chunk, EventSink sink) {
    JsonNode error = chunk.get("error");
    if (error != null && !error.isNull()) {
      fail(sink, ChatJson.text(error, "type"), error.isObject() ? ChatJson.text(error, "message") : error.asText());
      return;
    }
    if (!started) {
      started = true;
      sink.accept(new Event.Start(ChatJson.text(chunk, "id"), ChatJson.text(chunk, "model"), Usage.NONE));
    }
    usage = usage.merge(ChatUsage.read(chunk.get("usage")));
    JsonNode choices = chunk.get("choices");
    if (choices != null && choices.isArray()) {
      for (JsonNode choice : choices) {
        Long index = ChatJson.number(choice, "index");
        if (index == null || index == 0) {
          choice(choice, sink);
        }
      }
    }
  }

  private void choice(JsonNode choice, EventSink sink) {
    // Moonshot puts the usage in the choice rather than beside it.
    usage = usage.merge(ChatUsage.read(choice.get("usage")));
    JsonNode delta = ChatJson.object(choice, "delta");
    reasoning(delta, sink);
    String content = ChatJson.text(delta, "content");
    if (content != null && !content.isEmpty()) {
      open(BlockKind.TEXT, NONE, null, null, sink);
      sink.accept(new Event.Delta(openIndex, Event.DeltaKind.TEXT, content));
    }
    JsonNode calls = delta.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (JsonNode call : calls) {
        if (!toolCall(call, sink)) {
          return;
        }
      }
    }
    String finish = ChatJson.text(choice, "finish_reason");
    if (finish != null) {
      close(sink);
      stopReason = ChatFinishReasons.read(finish);
    }
  }

  /**
   * Plain reasoning text, and OpenRouter-style {@code reasoning_details} for signatures and
   * encrypted reasoning (their text repeats the plain text, so it counts only without it).
   */
  private void reasoning(JsonNode delta, EventSink sink) {
    String text = ChatReasoning.plainText(delta);
    if (text != null && !text.isEmpty()) {
      thinking(Event.DeltaKind.THINKING, text, sink);
    }
    JsonNode details = delta.get("reasoning_details");
    if (details == null || !details.isArray()) {
      return;
    }
    for (JsonNode detail : details) {
      String type = ChatJson.text(detail, "type");
      if (ChatReasoning.ENCRYPTED.equals(type) && ChatJson.text(detail, "data") != null) {
        open(BlockKind.REDACTED_THINKING, NONE, null, null, sink);
        sink.accept(new Event.Delta(openIndex, Event.DeltaKind.REDACTED, ChatJson.text(detail, "data")));
        continue;
      }
      String detailText = ChatJson.text(detail, "text");
      if (text == null && detailText != null && !detailText.isEmpty()) {
        thinking(Event.DeltaKind.THINKING, detailText, sink);
      }
      String signature = ChatJson.text(detail, "signature");
      if (signature != null && !signature.isEmpty()) {
        thinking(Event.DeltaKind.SIGNATURE, signature, sink);
      }
    }
  }

  private void thinking(Event.DeltaKind kind, String text, EventSink sink) {
    open(BlockKind.THINKING, NONE, null, null, sink);
    sink.accept(new Event.Delta(openIndex, kind, text));
  }

  /** @return false when the stream failed and nothing more is to be read */
  private boolean toolCall(JsonNode call, EventSink sink) {
    Long position = ChatJson.number(call, "index");
    int toolIndex = position == null ? 0 : position.intValue();
    JsonNode function = ChatJson.object(call, "function");
    if (openKind != BlockKind.TOOL_CALL || openToolIndex != toolIndex) {
      if (!toolIndexesSeen.add(toolIndex)) {
        fail(sink, "api_error", "the upstream interleaved the arguments of two tool calls");
        return false;
      }
      open(BlockKind.TOOL_CALL, toolIndex, ChatJson.text(call, "id"), ChatJson.text(function, "name"), sink);
    }
    String arguments = ChatJson.text(function, "arguments");
    if (arguments != null && !arguments.isEmpty()) {
      sink.accept(new Event.Delta(openIndex, Event.DeltaKind.ARGUMENTS, arguments));
    }
    return true;
  }

  /** Makes a block of this kind (and tool index) the open one, closing another first. */
  private void open(BlockKind kind, int toolIndex, String id, String name, EventSink sink) {
    if (openIndex != NONE && openKind == kind && openToolIndex == toolIndex) {
      return;
    }
    close(sink);
    openIndex = nextIndex++;
    openKind = kind;
    openToolIndex = toolIndex;
    sink.accept(new Event.BlockStart(openIndex, kind, id, name));
  }

  private void close(EventSink sink) {
    if (openIndex != NONE) {
      sink.accept(new Event.BlockStop(openIndex));
      openIndex = NONE;
      openKind = null;
      openToolIndex = NONE;
    }
  }

  private void done(EventSink sink) {
    if (!started) {
      started = true;
      sink.accept(new Event.Start(null, null, Usage.NONE));
    }
    close(sink);
    finished = true;
    sink.accept(new Event.Finish(stopReason, null, usage));
  }

  private void fail(EventSink sink, String type, String message) {
    finished = true;
    sink.accept(new Event.Failure(type, message));
  }
}
