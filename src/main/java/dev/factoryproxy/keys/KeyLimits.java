package dev.factoryproxy.keys;

/**
 * A key's limits; each is {@code null} when the key has none.
 *
 * @param rpm requests per minute
 * @param tpm tokens per minute (input, cached input and output)
 * @param concurrency requests or streams in flight at once
 * @param dailyTokens tokens per UTC day
 */
public record KeyLimits(Long rpm, Long tpm, Long concurrency, Long dailyTokens) {

  public static final KeyLimits NONE = new KeyLimits(null, null, null, null);

  /** Whether a request by this key needs the limiter at all. */
  public boolean any() {
    return rpm != null || tpm != null || concurrency != null || dailyTokens != null;
  }

  /** Whether token usage must be counted for the limits (it is counted for /admin/usage anyway). */
  public boolean tokens() {
    return tpm != null || dailyTokens != null;
  }
}
