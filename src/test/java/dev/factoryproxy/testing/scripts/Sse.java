package dev.factoryproxy.testing.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import java.util.ArrayList;
import java.util.List;

/** Server-sent events as the upstreams frame them: one event per string, ending in a blank line. */
final class Sse {

  private Sse() {
  }

  /** {@code event: name} then the data line: Anthropic and Responses. */
  static String event(String name, JsonNode data) {
    return "event: " + name + "\ndata: " + JsonTrees.write(data) + "\n\n";
  }

  /** A data line alone: Chat Completions. */
  static String data(JsonNode data) {
    return "data: " + JsonTrees.write(data) + "\n\n";
  }

  /** Text as a model streams it, one delta per word. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    String[] parts = text.split(" ");
    for (int i = 0; i < parts.length; i++) {
      words.add(i == 0 ? parts[i] : " " + parts[i]);
    }
    return words;
  }
}
