package dev.factoryproxy.translate.model;

/**
 * Token counts in the common model. Each field is {@code null} when the upstream did not say:
 * "unknown" is never written as 0.
 *
 * @param input input tokens <em>not</em> read from or written to the cache (Anthropic's
 *     {@code input_tokens}); Chat's {@code prompt_tokens} and Responses' {@code input_tokens} are
 *     this plus {@code cacheRead} plus {@code cacheWrite}
 * @param output output tokens, reasoning included
 * @param cacheRead input tokens read from the prompt cache
 * @param cacheWrite input tokens written to the prompt cache
 * @param reasoning the part of {@code output} spent on reasoning
 */
public record Usage(Long input, Long output, Long cacheRead, Long cacheWrite, Long reasoning) {

  public static final Usage NONE = new Usage(null, null, null, null, null);

  /** Every input token, cached or not: Chat's {@code prompt_tokens}, Responses' {@code input_tokens}. */
  public Long totalInput() {
    if (input == null && cacheRead == null && cacheWrite == null) {
      return null;
    }
    return zero(input) + zero(cacheRead) + zero(cacheWrite);
  }

  /** This usage with each field the other one knows taken from it. */
  public Usage merge(Usage later) {
    if (later == null) {
      return this;
    }
    return new Usage(
        later.input != null ? later.input : input,
        later.output != null ? later.output : output,
        later.cacheRead != null ? later.cacheRead : cacheRead,
        later.cacheWrite != null ? later.cacheWrite : cacheWrite,
        later.reasoning != null ? later.reasoning : reasoning);
  }

  public static long zero(Long value) {
    return value == null ? 0 : value;
  }
}
