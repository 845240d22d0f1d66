package dev.factoryproxy.translate;

import dev.factoryproxy.translate.model.Event;
import io.vertx.core.buffer.Buffer;

/** The test format's writer: text deltas as {@code data: {"t":"…"}}, pings as comments, the end as {@code [DONE]}. */
final class EchoEncoder implements StreamEncoder {

  @Override
  public void encode(Event event, Buffer out) {
    if (event instanceof Event.Delta delta) {
      out.appendString("data: ").appendBuffer(JsonTrees.buffer(JsonTrees.object().put("t", delta.text())))
          .appendString("\n\n");
    } else if (event instanceof Event.Ping) {
      out.appendString(": ping\n\n");
    } else if (event instanceof Event.Finish) {
      out.appendString("data: [DONE]\n\n");
    }
  }
}
