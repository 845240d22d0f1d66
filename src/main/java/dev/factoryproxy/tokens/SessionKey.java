package dev.factoryproxy.tokens;

import dev.factoryproxy.body.RequestFacts;
import io.vertx.core.MultiMap;

/**
 * The key a request's token sticks to, because Factory's prompt cache is per account:
 * {@code x-session-id}, else Anthropic's {@code metadata.user_id} or Responses' {@code prompt_cache_key}
 * (the JSON check reads those in its one pass).
 */
public final class SessionKey {

  private static final String HEADER = "x-session-id";
  /** Longer keys are cut: the affinity table holds many. */
  private static final int MAX_LENGTH = 256;

  private SessionKey() {
  }

  /** The key, or {@code null} when the request has none. */
  public static String of(MultiMap headers, RequestFacts facts) {
    String key = headers.get(HEADER);
    if (key == null || key.isBlank()) {
      key = facts == null ? null : facts.sessionKey();
    }
    if (key == null || key.isBlank()) {
      return null;
    }
    return key.length() > MAX_LENGTH ? key.substring(0, MAX_LENGTH) : key;
  }
}
