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
 */
public record Verdict(ProxyError refusal, String message, long retryAfterSeconds, RateWindow requests,
                      RateWindow tokens) {

  static final Verdict ADMITTED = new Verdict(null, null, 0, null, null);

  public boolean admitted() {
    return refusal == null;
  }

  Verdict withRequests(RateWindow window) {
    return new Verdict(refusal, message, retryAfterSeconds, window, tokens);
  }
}
