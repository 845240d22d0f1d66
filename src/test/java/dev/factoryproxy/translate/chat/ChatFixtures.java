package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.ReasoningBudgets;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;

/** Shared test helpers: contexts, JSON written with single quotes, and a tiny SSE splitter. */
final class ChatFixtures {

  static final long CREATED = 1_741_569_952L;

  private ChatFixtures() {
  }

  static TranslationContext clientContext(WireApi upstream) {
    return new TranslationContext(WireApi.CHAT, upstream, "glm-4.6", 8192, ReasoningBudgets.DEFAULTS, CREATED);
  }

  static TranslationContext upstreamContext() {
    return new TranslationContext(WireApi.MESSAGES, WireApi.CHAT, "kimi-k2", 8192, ReasoningBudgets.DEFAULTS, CREATED);
  }

  /** JSON from text written with single quotes, to keep fixtures readable. */
  static JsonNode json(String singleQuoted) {
    return JsonTrees.parse(singleQuoted.replace('\'', '"'));
  }

  /** The tree as a parser would give it back, so numbers compare by value (int and long nodes differ). */
  static JsonNode reparsed(JsonNode written) {
    return JsonTrees.parse(JsonTrees.write(written));
  }

  /**
   * Splits fixture text into events at blank lines; {@code event:} and {@code data:} lines only,
   * enough for fixtures (the real, incremental framer lives elsewhere).
   */
  static List<SseEvent> sse(String text) {
    List<SseEvent> events = new ArrayList<>();
    for (String block : text.split("\n\n")) {
      String event = null;
      List<String> data = new ArrayList<>();
      for (String line : block.split("\n")) {
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.add(line.substring(5).stripLeading());
        }
      }
      if (event != null || !data.isEmpty()) {
        events.add(new SseEvent(event, String.join("\n", data)));
      }
    }
    return events;
  }

  static List<Event> decode(String text) {
    ChatStreamDecoder decoder = new ChatStreamDecoder();
    List<Event> events = new ArrayList<>();
    sse(text).forEach(e -> decoder.decode(e, events::add));
    return events;
  }

  /** One chunk line as OpenAI sends it, from a single-quoted delta and finish reason. */
  static String chunk(String delta, String finishReason) {
    String finish = finishReason == null ? "null" : "'" + finishReason + "'";
    return ("data: {'id':'chatcmpl-123','object':'chat.completion.chunk','created':1694268190,"
        + "'model':'glm-4.6','choices':[{'index':0,'delta':" + delta + ",'logprobs':null,'finish_reason':"
        + finish + "}]}\n\n").replace('\'', '"');
  }
}
