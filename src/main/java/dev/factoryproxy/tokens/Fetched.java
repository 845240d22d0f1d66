package dev.factoryproxy.tokens;

import dev.factoryproxy.config.Secret;

/**
 * A token value as its source gave it.
 *
 * @param value the value; prints as {@code <redacted>}
 * @param refreshAtMillis when to fetch it again before it expires; 0 for never
 */
public record Fetched(Secret value, long refreshAtMillis) {
}
