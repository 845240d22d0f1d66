package dev.factoryproxy.limits;

import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.keys.KeyLimits;
import dev.factoryproxy.keys.KeySpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A key's limits, checked in the order the issue sets: concurrency, then requests per minute,
 * then tokens per minute and per UTC day. State lives in {@link LimitState}: one number per key
 * and limit (in-flight count, request TAT, token TAT, tokens used today), so a cluster shares it.
 *
 * <p>Exactness: the request TAT is updated by compare-and-set, retried on contention, and an
 * rpm slot is taken only once every later check has passed: a refused request costs nothing, and
 * the request count is exact however many members or event loops ask at once. Concurrency is an
 * atomic increment, undone when over the limit. Token limits are checked before the request
 * against the usage recorded so far and charged when the answer reports its usage, so they can
 * overshoot by what the requests then in flight use.
 */
public final class Limiter {

  private static final int MAX_ATTEMPTS = 64;

  private final LimitState state;
  private final Clock clock;
  /** This cluster member's node id, or {@code null} on a single node. */
  private final String member;

  /** On a single node: in-flight counts live and die with the process. */
  public Limiter(LimitState state, Clock clock) {
    this(state, clock, null);
  }

  /**
   * In a cluster: every in-flight count is also added to a per-member tally, so the members that
   * survive this one can give its counts back when it dies ({@link InFlightReclaim}).
   *
   * @param member this member's node id, or {@code null} on a single node
   */
  public Limiter(LimitState state, Clock clock, String member) {
    this.state = state;
    this.clock = clock;
    this.member = member;
  }

  /** When admitted with a concurrency limit, the caller must {@link #release} once the request ends. */
  public Future<Verdict> admit(KeySpec key) {
    KeyLimits limits = key.limits();
    if (!limits.any()) {
      return Future.succeededFuture(Verdict.ADMITTED);
    }
    if (limits.concurrency() == null) {
      return rates(key, 0);
    }
    return hold(key, 1).compose(n -> {
      if (n > limits.concurrency()) {
        return hold(key, -1).map(v -> new Verdict(ProxyError.RATE_LIMITED_REQUESTS,
            "API key " + key.name() + " already has " + limits.concurrency() + " requests in flight, its concurrency limit",
            1, null, null).refusedBy("concurrency"));
      }
      return rates(key, 0).compose(verdict -> verdict.admitted() ? Future.succeededFuture(verdict)
          : hold(key, -1).map(verdict));
    });
  }

  public Future<Long> release(KeySpec key) {
    return hold(key, -1);
  }

  /**
   * Changes the key's in-flight count and, in a cluster, this member's tally of it. The two adds
   * run side by side (a check waits for the slower, not for both in turn); the count returned is
   * the key's.
   */
  private Future<Long> hold(KeySpec key, long delta) {
    Future<Long> count = state.add(inFlight(key), delta);
    if (member == null) {
      return count;
    }
    Future<Long> tally = state.add(heldBy(member, key.name()), delta);
    return Future.all(count, tally).map(v -> count.result());
  }

  /** Charges what a request used to the key's token limits and today's budget. */
  public Future<Void> charge(KeySpec key, long tokens) {
    if (tokens <= 0) {
      return Future.succeededFuture();
    }
    long now = micros();
    Future<Long> daily = state.add(daily(key, now), tokens);
    Long tpm = key.limits().tpm();
    return tpm == null ? daily.mapEmpty() : daily.compose(v -> chargeTpm(key, tpm, tokens, 0));
  }

  /** What {@code GET /admin/keys} shows of a key: in flight, what each limit would admit now. */
  public Future<JsonObject> window(KeySpec key) {
    KeyLimits limits = key.limits();
    long now = micros();
    return state.get(inFlight(key)).compose(inFlight -> state.get(rpm(key)).compose(rpmTat ->
        state.get(tpm(key)).compose(tpmTat -> state.get(daily(key, now)).map(used -> {
          JsonObject out = new JsonObject().put("in_flight", inFlight).put("tokens_today", used);
          if (limits.rpm() != null) {
            out.put("requests_remaining", Gcra.request(rpmTat, now, limits.rpm()).remaining() + 1);
          }
          if (limits.tpm() != null) {
            out.put("tokens_remaining_this_minute", Gcra.tokens(tpmTat, now, limits.tpm()).remaining());
          }
          if (limits.dailyTokens() != null) {
            out.put("daily_tokens_remaining", Math.max(0, limits.dailyTokens() - used));
          }
          return out;
        }))));
  }

  private Future<Verdict> rates(KeySpec key, int attempt) {
    Long rpm = key.limits().rpm();
    long now = micros();
    // The three reads go out together: in a cluster each is a round trip to the counter's owner.
    Future<Long> stored = rpm == null ? Future.succeededFuture(0L) : state.get(rpm(key));
    Future<Verdict> tokenCheck = tokens(key, now);
    return stored.compose(tat -> {
      Gcra.Decision request = rpm == null ? null : Gcra.request(tat, now, rpm);
      RateWindow window = request == null ? null : new RateWindow(rpm, request.remaining(), request.resetMicros());
      if (request != null && !request.admitted()) {
        return Future.succeededFuture(new Verdict(ProxyError.RATE_LIMITED_REQUESTS,
            "API key " + key.name() + " reached its limit of " + rpm + " requests per minute",
            Gcra.retryAfterSeconds(request.waitMicros()), window, null).refusedBy("rpm"));
      }
      return tokenCheck.compose(tokens -> {
        if (!tokens.admitted() || request == null) {
          return Future.succeededFuture(tokens.withRequests(window));
        }
        return state.compareAndSet(rpm(key), tat, request.newTat()).compose(set -> set ? Future.succeededFuture(
            tokens.withRequests(window)) : attempt < MAX_ATTEMPTS ? rates(key, attempt + 1)
            : Future.failedFuture(new IllegalStateException("rpm state contended " + MAX_ATTEMPTS + " times")));
      });
    });
  }

  /** The token checks: read-only, the request's usage is not known yet. */
  private Future<Verdict> tokens(KeySpec key, long now) {
    Long tpm = key.limits().tpm();
    Long perDay = key.limits().dailyTokens();
    Future<Long> tpmTat = tpm == null ? Future.succeededFuture(0L) : state.get(tpm(key));
    Future<Long> used = perDay == null ? Future.succeededFuture(0L) : state.get(daily(key, now));
    return tpmTat.compose(tat -> used.map(today -> {
      long untilMidnight = untilMidnight(now);
      if (perDay != null && today >= perDay) {
        return new Verdict(ProxyError.RATE_LIMITED_TOKENS, "API key " + key.name() + " has used its "
            + perDay + " tokens for today (UTC)", Gcra.retryAfterSeconds(untilMidnight), null,
            new RateWindow(perDay, 0, untilMidnight)).refusedBy("daily_tokens");
      }
      if (tpm == null) {
        return new Verdict(null, null, 0, null, perDay == null ? null
            : new RateWindow(perDay, perDay - today, untilMidnight));
      }
      Gcra.Decision minute = Gcra.tokens(tat, now, tpm);
      RateWindow window = new RateWindow(tpm, minute.remaining(), minute.resetMicros());
      if (!minute.admitted()) {
        return new Verdict(ProxyError.RATE_LIMITED_TOKENS, "API key " + key.name() + " reached its limit of "
            + tpm + " tokens per minute", Gcra.retryAfterSeconds(minute.waitMicros()), null, window).refusedBy("tpm");
      }
      return new Verdict(null, null, 0, null, window);
    }));
  }

  private Future<Void> chargeTpm(KeySpec key, long tpm, long tokens, int attempt) {
    return state.get(tpm(key)).compose(tat -> state.compareAndSet(tpm(key), tat,
        Gcra.charge(tat, micros(), tokens, tpm))).compose(set -> set || attempt >= MAX_ATTEMPTS
        ? Future.succeededFuture() : chargeTpm(key, tpm, tokens, attempt + 1));
  }

  private long micros() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  private static long untilMidnight(long nowMicros) {
    Instant now = Instant.ofEpochSecond(nowMicros / 1_000_000, (nowMicros % 1_000_000) * 1000);
    Instant midnight = now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    return ChronoUnit.MICROS.between(now, midnight);
  }

  /** The UTC day of a moment, as the daily counters and usage rows name it. */
  public static LocalDate day(long nowMicros) {
    return LocalDate.ofInstant(Instant.ofEpochSecond(nowMicros / 1_000_000), ZoneOffset.UTC);
  }

  static String inFlight(KeySpec key) {
    return "fp.inflight." + key.name();
  }

  /** How many of a key's in-flight requests one cluster member holds. */
  static String heldBy(String member, String keyName) {
    return "fp.held." + member + "." + keyName;
  }

  private static String rpm(KeySpec key) {
    return "fp.rpm." + key.name();
  }

  private static String tpm(KeySpec key) {
    return "fp.tpm." + key.name();
  }

  /** Tokens a key used on a UTC day; persistence restores these from the usage rows. */
  public static String daily(String keyName, LocalDate day) {
    return "fp.daily." + keyName + "." + day;
  }

  private static String daily(KeySpec key, long nowMicros) {
    return daily(key.name(), day(nowMicros));
  }
}
