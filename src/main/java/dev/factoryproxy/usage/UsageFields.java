package dev.factoryproxy.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Usage;

/**
 * Reads a {@code usage} object of one of the three APIs into the common {@link Usage}, whose
 * {@code input} is the uncached input (Anthropic's meaning). Chat's {@code prompt_tokens} and
 * Responses' {@code input_tokens} include the cached tokens, which are taken out.
 */
public final class UsageFields {

  private UsageFields() {
  }

  public static Usage read(WireApi api, JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    return switch (api) {
      case MESSAGES -> new Usage(number(usage, "input_tokens"), number(usage, "output_tokens"),
          number(usage, "cache_read_input_tokens"), number(usage, "cache_creation_input_tokens"), null);
      case CHAT -> openai(number(usage, "prompt_tokens"), number(usage, "completion_tokens"),
          number(usage.path("prompt_tokens_details"), "cached_tokens"),
          number(usage.path("completion_tokens_details"), "reasoning_tokens"));
      case RESPONSES -> openai(number(usage, "input_tokens"), number(usage, "output_tokens"),
          number(usage.path("input_tokens_details"), "cached_tokens"),
          number(usage.path("output_tokens_details"), "reasoning_tokens"));
    };
  }

  private static Usage openai(Long input, Long output, Long cached, Long reasoning) {
    Long uncached = input == null ? null : Math.max(0, input - (cached == null ? 0 : cached));
    return new Usage(uncached, output, cached, null, reasoning);
  }

  private static Long number(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.canConvertToLong() && value.isIntegralNumber() && value.asLong() >= 0
        ? value.asLong() : null;
  }

  /** What a request costs against token limits: every input token, cached or not, and the output. */
  public static long billable(Usage usage) {
    return Usage.zero(usage.totalInput()) + Usage.zero(usage.output());
  }
}
