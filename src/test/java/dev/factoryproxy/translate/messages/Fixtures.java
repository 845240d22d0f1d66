package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.ReasoningBudgets;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: contexts, JSON, and a tiny SSE splitter for whole fixture texts. */
final class Fixtures {

  private Fixtures() {
  }

  static MessagesFormat format() {
    return MessagesFormat.create();
  }

  static TranslationContext ctx(WireApi client, WireApi upstream) {
    return new TranslationContext(client, upstream, "client-model", 8192, ReasoningBudgets.DEFAULTS, 1_700_000_000L);
  }

  /** A Messages client in front of a Chat upstream. */
  static TranslationContext clientSide() {
    return ctx(WireApi.MESSAGES, WireApi.CHAT);
  }

  /** A Chat client in front of a Messages upstream. */
  static TranslationContext upstreamSide() {
    return ctx(WireApi.CHAT, WireApi.MESSAGES);
  }

  static JsonNode json(String text) {
    return JsonTrees.parse(text);
  }

  /** A tree as the wire carries it: Jackson tells a long node from an int node, JSON does not. */
  static JsonNode wire(JsonNode node) {
    return JsonTrees.parse(JsonTrees.write(node));
  }

  /** Splits a whole stream on blank lines; each event's {@code event:} and joined {@code data:} lines. */
  static List<SseEvent> sse(String text) {
    List<SseEvent> events = new ArrayList<>();
    for (String chunk : text.replace("\r\n", "\n").split("\n\n")) {
      String name = null;
      List<String> data = new ArrayList<>();
      for (String line : chunk.split("\n")) {
        if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).stripLeading());
        }
      }
      if (name != null || !data.isEmpty()) {
        events.add(new SseEvent(name, String.join("\n", data)));
      }
    }
    return events;
  }

  /** Decodes a whole stream. */
  static List<Event> decode(MessagesStreamDecoder decoder, String stream) {
    List<Event> events = new ArrayList<>();
    for (SseEvent event : sse(stream)) {
      decoder.decode(event, events::add);
    }
    return events;
  }
}
