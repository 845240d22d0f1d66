package dev.factoryproxy.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.translate.sse.SseEvent;
import dev.factoryproxy.translate.sse.SseFramer;
import io.vertx.core.buffer.Buffer;

/**
 * Reads the usage an event stream reports as it passes: Messages' {@code message_start} and
 * {@code message_delta}, Chat's usage chunk, Responses' {@code response.completed} (and
 * {@code incomplete} / {@code failed}). Events are framed incrementally; only those that can
 * carry usage are parsed (a substring check first), so the tap costs the client next to nothing,
 * and it never holds more than one event. A stream it cannot read is left unread, never broken.
 */
final class SseUsageObserver implements UsageObserver {

  /** The largest event looked at; larger ones pass unread. */
  private static final int MAX_EVENT_BYTES = 1 << 20;

  private final WireApi api;
  private final SseFramer framer = new SseFramer(MAX_EVENT_BYTES);
  private Usage usage = Usage.NONE;
  private boolean broken;

  SseUsageObserver(WireApi api) {
    this.api = api;
  }

  @Override
  public void chunk(Buffer chunk) {
    if (broken) {
      return;
    }
    try {
      framer.feed(chunk, this::event);
    } catch (RuntimeException unreadable) {
      broken = true;
    }
  }

  private void event(SseEvent event) {
    String data = event.data();
    if (data == null || !data.contains("\"usage\"")) {
      return;
    }
    JsonNode json;
    try {
      json = JsonTrees.parse(data);
    } catch (TranslationException notJson) {
      return; // an event the tap cannot read is skipped; the client still gets it as it came
    }
    JsonNode reported = switch (api) {
      case MESSAGES -> json.has("message") ? json.path("message").get("usage") : json.get("usage");
      case CHAT -> json.get("usage");
      case RESPONSES -> json.path("response").get("usage");
    };
    if (reported != null && reported.isObject()) {
      usage = usage.merge(UsageFields.read(api, reported));
    }
  }

  @Override
  public Usage end() {
    return usage;
  }
}
