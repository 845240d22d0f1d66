package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.model.Usage;

/**
 * Responses {@code usage} to and from the common model. Responses' {@code input_tokens} counts
 * every input token; the common model's {@code input} is the uncached part only.
 */
final class ResponsesUsage {

  private ResponsesUsage() {
  }

  static Usage read(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    Long total = Json.number(usage, "input_tokens");
    Long cached = Json.number(usage.path("input_tokens_details"), "cached_tokens");
    Long uncached = total == null ? null : total - Usage.zero(cached);
    Long reasoning = Json.number(usage.path("output_tokens_details"), "reasoning_tokens");
    return new Usage(uncached, Json.number(usage, "output_tokens"), cached, null, reasoning);
  }

  /**
   * The {@code usage} object, or JSON {@code null} when nothing is known. Every count is a
   * number once anything is known: Codex parses them as integers and rejects a {@code null}, so
   * an unknown count within known usage is written as 0 here (and only here).
   */
  static JsonNode write(Usage usage) {
    if (usage == null || usage.equals(Usage.NONE)) {
      return NullNode.getInstance();
    }
    long input = Usage.zero(usage.totalInput());
    long output = Usage.zero(usage.output());
    ObjectNode node = JsonTrees.object();
    node.put("input_tokens", input);
    node.putObject("input_tokens_details").put("cached_tokens", Usage.zero(usage.cacheRead()));
    node.put("output_tokens", output);
    node.putObject("output_tokens_details").put("reasoning_tokens", Usage.zero(usage.reasoning()));
    node.put("total_tokens", input + output);
    return node;
  }
}
