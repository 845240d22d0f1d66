package dev.factoryproxy.tokens;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One token as {@code /health} shows it: its name, never its value.
 *
 * @param until ISO instant when a cooling or exhausted token comes back; {@code null} otherwise
 * @param reason why it is not usable; {@code null} when it is
 */
public record TokenHealth(String name, String state, String until, String reason) {

  static TokenHealth of(String name, TokenState state, long now) {
    TokenState.State at = state.at(now);
    boolean timed = at == TokenState.State.COOLING || at == TokenState.State.EXHAUSTED;
    return new TokenHealth(name, at.id(), timed ? Instant.ofEpochMilli(state.untilMillis()).toString() : null,
        at == TokenState.State.USABLE ? null : state.reason());
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("state", state).put("until", until).put("reason", reason);
  }
}
