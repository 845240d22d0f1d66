package dev.factoryproxy.tokens;

/** A token could not be fetched. The message says why, for logs and {@code /health}; it never holds a value. */
final class TokenSourceException extends RuntimeException {

  TokenSourceException(String message) {
    super(message, null, false, false);
  }
}
