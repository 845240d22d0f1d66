package dev.factoryproxy.limits;

/**
 * One limit's state as the rate-limit headers tell it.
 *
 * @param limit the limit per minute (or per day for {@code daily_tokens})
 * @param remaining what it would admit now
 * @param resetMicros how long until it is back to its full allowance
 */
public record RateWindow(long limit, long remaining, long resetMicros) {
}
