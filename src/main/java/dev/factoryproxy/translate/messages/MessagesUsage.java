package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.model.Usage;

/**
 * Anthropic's {@code usage} object and the common {@link Usage}. The two agree on what
 * {@code input_tokens} means (input neither read from nor written to the cache), so the numbers
 * pass unchanged; Anthropic does not report reasoning tokens apart, so that stays unknown.
 */
final class MessagesUsage {

  private MessagesUsage() {
  }

  /** The usage an Anthropic {@code usage} object reports; fields it lacks stay unknown. */
  static Usage read(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    return new Usage(count(usage, "input_tokens"), count(usage, "output_tokens"),
        count(usage, "cache_read_input_tokens"), count(usage, "cache_creation_input_tokens"), null);
  }

  /**
   * Writes the two counts Anthropic's SDKs require as numbers (0 only when nothing was reported)
   * and the cache counts only when known.
   */
  static ObjectNode write(Usage usage, ObjectNode out) {
    out.put("input_tokens", Usage.zero(usage.input()));
    out.put("output_tokens", Usage.zero(usage.output()));
    putCache(usage, out);
    return out;
  }

  static void putCache(Usage usage, ObjectNode out) {
    if (usage.cacheRead() != null) {
      out.put("cache_read_input_tokens", usage.cacheRead());
    }
    if (usage.cacheWrite() != null) {
      out.put("cache_creation_input_tokens", usage.cacheWrite());
    }
  }

  private static Long count(JsonNode usage, String field) {
    JsonNode value = usage.get(field);
    return value != null && value.isNumber() ? value.asLong() : null;
  }
}
