package dev.factoryproxy.tokens;

import dev.factoryproxy.config.Secret;

/** What a fetched value must be to go into an Authorization header. */
final class TokenValues {

  private TokenValues() {
  }

  /** The trimmed value, or a failure naming {@code where} (never the value). */
  static Secret check(String raw, String where) {
    String value = raw == null ? "" : raw.trim();
    if (value.isEmpty()) {
      throw new TokenSourceException(where + " gave no token");
    }
    if (value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new TokenSourceException(where + " gave a token with spaces, line breaks or other characters "
          + "a header cannot hold");
    }
    return new Secret(value);
  }
}
