package dev.factoryproxy.tokens;

import io.vertx.core.json.JsonObject;

/**
 * Where one token stands, as every member of a cluster sees it. Times are epoch milliseconds
 * (the injected clock's), so a state means the same on every member.
 *
 * @param state usable, cooling, exhausted or disabled
 * @param untilMillis when a cooling or exhausted token is usable again; 0 when it does not apply
 * @param reason why it is not usable, in words for {@code /health}; never a token value
 * @param rateLimits 429s in a row, for the backoff when Factory gives no reset time
 * @param errors Factory errors (5xx, 529, no answer) in a row, for the circuit breaker
 * @param atMillis when this state was written, so the newer of two writes wins in a cluster
 */
public record TokenState(State state, long untilMillis, String reason, int rateLimits, int errors, long atMillis) {

  public static final TokenState USABLE = new TokenState(State.USABLE, 0, null, 0, 0, 0);

  public enum State {
    USABLE, COOLING, EXHAUSTED, DISABLED;

    /** As {@code /health} shows it. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The state as it is at {@code nowMillis}: a cooldown that has run out is over. */
  public State at(long nowMillis) {
    if ((state == State.COOLING || state == State.EXHAUSTED) && untilMillis <= nowMillis) {
      return State.USABLE;
    }
    return state;
  }

  public boolean usableAt(long nowMillis) {
    return at(nowMillis) == State.USABLE;
  }

  public JsonObject toJson() {
    return new JsonObject().put("state", state.name()).put("until", untilMillis).put("reason", reason)
        .put("rateLimits", rateLimits).put("errors", errors).put("at", atMillis);
  }

  public static TokenState fromJson(JsonObject json) {
    return new TokenState(State.valueOf(json.getString("state")), json.getLong("until", 0L), json.getString("reason"),
        json.getInteger("rateLimits", 0), json.getInteger("errors", 0), json.getLong("at", 0L));
  }
}
