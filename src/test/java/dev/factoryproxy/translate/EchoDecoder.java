package dev.factoryproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.model.BlockKind;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.StopReason;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseEvent;

/**
 * A test format: each event's data is {@code {"t":"…"}}, a piece of one text block;
 * {@code [DONE]} ends the answer; an event named {@code ping} is a keep-alive. Bad JSON throws,
 * as a real decoder's would.
 */
final class EchoDecoder implements StreamDecoder {

  private boolean started;
  private boolean finished;

  @Override
  public void decode(SseEvent event, EventSink sink) {
    if ("ping".equals(event.event())) {
      sink.accept(new Event.Ping());
      return;
    }
    if (event.data().equals("[DONE]")) {
      start(sink);
      sink.accept(new Event.BlockStop(0));
      sink.accept(new Event.Finish(StopReason.END_TURN, null, Usage.NONE));
      finished = true;
      return;
    }
    JsonNode json = JsonTrees.parse(event.data());
    start(sink);
    sink.accept(new Event.Delta(0, Event.DeltaKind.TEXT, json.path("t").asText()));
  }

  private void start(EventSink sink) {
    if (!started) {
      started = true;
      sink.accept(new Event.Start("echo-1", "echo", Usage.NONE));
      sink.accept(new Event.BlockStart(0, BlockKind.TEXT, null, null));
    }
  }

  @Override
  public boolean finished() {
    return finished;
  }
}
