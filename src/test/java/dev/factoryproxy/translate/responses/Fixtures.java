package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.ReasoningBudgets;
import dev.factoryproxy.translate.StreamDecoder;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: contexts, JSON from text blocks with single quotes, a tiny SSE splitter. */
final class Fixtures {

  private Fixtures() {
  }

  static TranslationContext clientCtx() {
    return new TranslationContext(WireApi.RESPONSES, WireApi.MESSAGES, "claude-sonnet-4-5", 8192,
        ReasoningBudgets.DEFAULTS, 1_700_000_000L);
  }

  static TranslationContext upstreamCtx() {
    return new TranslationContext(WireApi.MESSAGES, WireApi.RESPONSES, "gpt-5", 8192,
        ReasoningBudgets.DEFAULTS, 1_700_000_000L);
  }

  /** JSON written with ' for " so fixtures read well in Java text blocks. */
  static JsonNode json(String singleQuoted) {
    return JsonTrees.parse(singleQuoted.replace('\'', '"'));
  }

  /** Splits SSE text at blank lines into events (the real framer lives elsewhere). */
  static List<SseEvent> split(String sse) {
    List<SseEvent> events = new ArrayList<>();
    for (String chunk : sse.split("\n\n")) {
      String event = null;
      List<String> data = new ArrayList<>();
      for (String line : chunk.split("\n")) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).trim());
        }
      }
      if (event != null || !data.isEmpty()) {
        events.add(new SseEvent(event, String.join("\n", data)));
      }
    }
    return events;
  }

  /** Builds an upstream stream from data objects written with ' for ". */
  static String sse(String... singleQuotedData) {
    StringBuilder out = new StringBuilder();
    for (String data : singleQuotedData) {
      JsonNode node = json(data);
      out.append("event: ").append(node.get("type").asText()).append('\n')
          .append("data: ").append(JsonTrees.write(node)).append("\n\n");
    }
    return out.toString();
  }

  static List<Event> decode(StreamDecoder decoder, String sse) {
    List<Event> events = new ArrayList<>();
    for (SseEvent event : split(sse)) {
      decoder.decode(event, events::add);
    }
    return events;
  }
}
