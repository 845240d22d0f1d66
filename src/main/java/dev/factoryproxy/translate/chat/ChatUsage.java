package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.model.Usage;

/**
 * Chat's {@code usage} object and the common {@link Usage}. Chat's {@code prompt_tokens} counts
 * every input token, cached or not; the common {@code input} counts the uncached ones only.
 */
final class ChatUsage {

  private ChatUsage() {
  }

  /** Reads a {@code usage} object; {@link Usage#NONE} when there is none. */
  static Usage read(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    Long prompt = ChatJson.number(usage, "prompt_tokens");
    Long cached = cachedTokens(usage);
    Long input = prompt == null ? null : Math.max(0, prompt - Usage.zero(cached));
    Long reasoning = ChatJson.number(ChatJson.object(usage, "completion_tokens_details"), "reasoning_tokens");
    return new Usage(input, ChatJson.number(usage, "completion_tokens"), cached, null, reasoning);
  }

  /**
   * OpenAI's {@code prompt_tokens_details.cached_tokens}; DeepSeek says
   * {@code prompt_cache_hit_tokens} and Moonshot a top-level {@code cached_tokens} instead.
   */
  private static Long cachedTokens(JsonNode usage) {
    Long cached = ChatJson.number(ChatJson.object(usage, "prompt_tokens_details"), "cached_tokens");
    if (cached == null) {
      cached = ChatJson.number(usage, "prompt_cache_hit_tokens");
    }
    return cached != null ? cached : ChatJson.number(usage, "cached_tokens");
  }

  /**
   * Writes the client's {@code usage}. The three totals are required numbers in Chat, so an
   * unknown one is 0 there; the details are left out when unknown rather than claimed as 0.
   */
  static ObjectNode write(Usage usage) {
    Usage known = usage == null ? Usage.NONE : usage;
    long prompt = Usage.zero(known.totalInput());
    long completion = Usage.zero(known.output());
    ObjectNode out = JsonTrees.object()
        .put("prompt_tokens", prompt)
        .put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    if (known.cacheRead() != null) {
      out.putObject("prompt_tokens_details").put("cached_tokens", known.cacheRead());
    }
    if (known.reasoning() != null) {
      out.putObject("completion_tokens_details").put("reasoning_tokens", known.reasoning());
    }
    return out;
  }
}
