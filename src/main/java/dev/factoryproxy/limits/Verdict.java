package dev.factoryproxy.limits;

import dev.factoryproxy.error.ProxyError;

/**
 * The limiter's answer for one request.
 *
 * @param refusal {@code null} when admitted, else the 429 to answer with
 * @param message for the client; names the key and the limit, never the key itself
 * @param retryAfterSeconds whole seconds until the limit would admit the request
 * @param requests the request limit's window, or {@code null} when the key has no {@code rpm}
 * @param tokens the token limit's window, or {@code null} when the key has no token limit
 * @param limit which limit refused, for metrics: {@code concurrency}, {@code rpm}, {@code tpm} or
 *     {@code daily_tokens}; {@code null} when admitted
 */
public record Verdict(ProxyError refusal, String message, long retryAfterSeconds, RateWindow requests,
                      RateWindow tokens, String limit) {

  public Verdict(ProxyError refusal, String message, long retryAfterSeconds, RateWindow requests, RateWindow tokens) {
    this(refusal, message, retryAfterSeconds, requests, tokens, null);
  }

  static final Verdict ADMITTED = new Verdict(null, null, 0, null, null);

  public boolean admitted() {
    return refusal == null;
  }

  Verdict refusedBy(String which) {
    return new Verdict(refusal, message, retryAfterSeconds, requests, tokens, which);
  }

  Verdict withRequests(RateWindow window) {
    return new Verdict(refusal, message, retryAfterSeconds, window, tokens, limit);
  }
}
