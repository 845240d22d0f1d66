package dev.factoryproxy.limits;

import dev.factoryproxy.error.ErrorFormat;
import io.vertx.core.MultiMap;
import java.time.Instant;

/**
 * The rate-limit headers clients' retry logic reads, in each API's own spelling: OpenAI's
 * {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}} (reset as a duration such as
 * {@code 6s} or {@code 1m0s}) and Anthropic's {@code anthropic-ratelimit-{requests,tokens}-{limit,
 * remaining,reset}} (reset as an RFC 3339 instant); plus {@code Retry-After} in whole seconds.
 */
public final class RateHeaders {

  private RateHeaders() {
  }

  public static void apply(MultiMap headers, ErrorFormat format, Verdict verdict, Instant now) {
    headers.set("retry-after", Long.toString(verdict.retryAfterSeconds()));
    window(headers, format, "requests", verdict.requests(), now);
    window(headers, format, "tokens", verdict.tokens(), now);
  }

  private static void window(MultiMap headers, ErrorFormat format, String kind, RateWindow window, Instant now) {
    if (window == null) {
      return;
    }
    if (format == ErrorFormat.ANTHROPIC) {
      String prefix = "anthropic-ratelimit-" + kind + "-";
      headers.set(prefix + "limit", Long.toString(window.limit()));
      headers.set(prefix + "remaining", Long.toString(window.remaining()));
      long at = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000 + window.resetMicros();
      headers.set(prefix + "reset", Instant.ofEpochSecond((at + 999_999) / 1_000_000).toString());
    } else {
      headers.set("x-ratelimit-limit-" + kind, Long.toString(window.limit()));
      headers.set("x-ratelimit-remaining-" + kind, Long.toString(window.remaining()));
      headers.set("x-ratelimit-reset-" + kind, duration(window.resetMicros()));
    }
  }

  /** OpenAI's spelling of a reset: {@code 20ms}, {@code 6s}, {@code 1m30s}, {@code 2h0m5s}. */
  static String duration(long micros) {
    if (micros < 1_000_000) {
      return Math.max(0, (micros + 999) / 1000) + "ms";
    }
    long seconds = (micros + 999_999) / 1_000_000;
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    return h > 0 ? h + "h" + m + "m" + s + "s" : m > 0 ? m + "m" + s + "s" : s + "s";
  }
}
