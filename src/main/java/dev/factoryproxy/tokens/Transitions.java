package dev.factoryproxy.tokens;

import dev.factoryproxy.tokens.TokenState.State;
import io.vertx.core.MultiMap;
import java.time.Duration;

/**
 * The token state machine, as a pure function of the state, what Factory answered and the time:
 * see the table in the README ("Upstream tokens", States). 401 is not here: what follows it depends on
 * whether the token can be fetched again, which {@link TokenPool} knows.
 */
final class Transitions {

  /** The first backoff of a 429 without a reset time; it doubles per 429 in a row. */
  static final long FIRST_BACKOFF_MILLIS = 1000;
  static final long MAX_BACKOFF_MILLIS = Duration.ofMinutes(5).toMillis();
  /** Factory errors in a row that open the circuit breaker. */
  static final int BREAKER_THRESHOLD = 3;
  /** How long an open breaker keeps the token out: short, it is Factory's trouble more often than the token's. */
  static final long BREAKER_OPEN_MILLIS = 10_000;
  /** How an open breaker's reason begins. */
  static final String BREAKER_REASON = "circuit open";

  private final long maxCooldownMillis;
  private final long exhaustedMillis;

  Transitions(TokenSettings settings) {
    this.maxCooldownMillis = settings.maxCooldown().toMillis();
    this.exhaustedMillis = settings.exhaustedCooldown().toMillis();
  }

  /** The state after an answer with {@code verdict}; {@code current} itself when nothing changes. */
  TokenState next(TokenState current, Verdict verdict, MultiMap headers, long now) {
    return switch (verdict) {
      case OK -> current.rateLimits() == 0 && current.errors() == 0 && current.usableAt(now) ? current
          : current.state() == State.DISABLED ? current : new TokenState(State.USABLE, 0, null, 0, 0, now);
      case REQUEST_FAULT, UNAUTHORIZED -> current;
      case EXHAUSTED -> new TokenState(State.EXHAUSTED, now + exhaustedMillis, "payment required (402)",
          current.rateLimits(), current.errors(), now);
      case RATE_LIMITED -> rateLimited(current, headers, now);
      case UPSTREAM_ERROR -> upstreamError(current, now);
    };
  }

  private TokenState rateLimited(TokenState current, MultiMap headers, long now) {
    int strikes = current.rateLimits() + 1;
    long reset = ResetHeaders.resetMillis(headers, now);
    long wait = reset >= 0 ? Math.max(0, reset - now)
        : Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(20, strikes - 1));
    wait = Math.min(wait, maxCooldownMillis);
    return new TokenState(State.COOLING, now + wait, reset >= 0 ? "rate limited (429)" : "rate limited (429), backoff",
        strikes, current.errors(), now);
  }

  private static TokenState upstreamError(TokenState current, long now) {
    int errors = current.errors() + 1;
    if (errors < BREAKER_THRESHOLD) {
      return new TokenState(current.state(), current.untilMillis(), current.reason(), current.rateLimits(), errors, now);
    }
    return new TokenState(State.COOLING, now + BREAKER_OPEN_MILLIS, BREAKER_REASON + ": " + errors + " upstream errors in a row",
        current.rateLimits(), 0, now);
  }
}
