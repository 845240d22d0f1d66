package dev.factoryproxy.tokens;

import java.util.concurrent.ThreadLocalRandom;

/**
 * When a request is tried again, before the first byte of its answer went to the client: on a
 * 401, 402 or 429 of one token, or on Factory's errors (5xx, 529, no answer), at most
 * {@code MAX_RETRIES} times. Never on 400, 403, 404, 413 or 422 (the request is at fault and
 * would fail again), never once the client has a byte, never a stream broken midway.
 */
public final class RetryPolicy {

  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 2000;

  private final int maxRetries;

  public RetryPolicy(int maxRetries) {
    this.maxRetries = maxRetries;
  }

  /** Whether attempt number {@code attempts} (1 for the first) may be followed by another after {@code verdict}. */
  public boolean retries(Verdict verdict, int attempts) {
    return verdict.retryable() && attempts <= maxRetries;
  }

  /** The pause before trying the same token again after Factory's error: doubling, with jitter so members do not retry in step. */
  public long backoffMillis(int attempts) {
    long base = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(10, Math.max(0, attempts - 1)));
    return base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
  }
}
