package dev.factoryproxy.tokens;

import dev.factoryproxy.config.Secret;
import dev.factoryproxy.tokens.TokenState.State;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream tokens of one process, shared by its event loops: picks the token for each attempt
 * (affinity first, then by weight and least in flight, among usable tokens), moves tokens between
 * states on Factory's answers, and keeps file and command tokens fresh. Thread-safe; nothing here
 * blocks (sources fetch off the event loop). Token values stay inside: logs and views name tokens.
 */
public final class TokenPool {

  private final List<java.util.function.ObjIntConsumer<String>> reportListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final Logger log = LoggerFactory.getLogger(TokenPool.class);
  /** How often file tokens are re-read and command tokens checked for their refresh time. */
  public static final long DEFAULT_POLL_MILLIS = 2000;
  /** A command that failed is tried again after this long. */
  static final long COMMAND_RETRY_MILLIS = 10_000;
  private static final int MAX_SESSIONS = 10_000;

  private final Vertx vertx;
  private final TokenSettings settings;
  private final Clock clock;
  private final TokenStates states;
  private final TokenFetcher fetcher;
  private final Transitions transitions;
  private final RetryPolicy retries;
  private final List<PooledToken> tokens;
  private final Map<String, String> affinity = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_SESSIONS;
    }
  };
  private long timer = -1;

  private TokenPool(Vertx vertx, TokenSettings settings, Clock clock, TokenStates states, TokenFetcher fetcher) {
    this.vertx = vertx;
    this.settings = settings;
    this.clock = clock;
    this.states = states;
    this.fetcher = fetcher;
    this.transitions = new Transitions(settings);
    this.retries = new RetryPolicy(settings.maxRetries());
    this.tokens = settings.specs().stream().map(spec -> new PooledToken(spec, TokenSources.of(vertx, spec, clock)))
        .toList();
  }

  /**
   * The process's pool, on the system clock: with {@code -cluster} its states are shared by every
   * member and command tokens are fetched by one member at a time; else they are this process's.
   */
  public static Future<TokenPool> start(Vertx vertx, TokenSettings settings) {
    Clock clock = Clock.systemUTC();
    if (!vertx.isClustered()) {
      return start(vertx, settings, clock, TokenStates.local(), TokenFetcher.direct(), DEFAULT_POLL_MILLIS);
    }
    return SharedTokenStates.start(vertx, SharedTokenStates.DEFAULT_POLL_MILLIS).compose(states ->
        start(vertx, settings, clock, states, new SharedTokenFetcher(vertx, clock), DEFAULT_POLL_MILLIS));
  }

  /**
   * Fetches every token once (a failing one is unusable, with its reason: the start never fails
   * for it), then keeps them fresh every {@code pollMillis}.
   *
   * @param clock the time every state and expiry is measured in
   * @param states where states live: {@link TokenStates#local()} or a cluster's
   * @param fetcher how file and command tokens are fetched: directly, or one member at a time
   */
  public static Future<TokenPool> start(Vertx vertx, TokenSettings settings, Clock clock, TokenStates states,
                                        TokenFetcher fetcher, long pollMillis) {
    TokenPool pool = new TokenPool(vertx, settings, clock, states, fetcher);
    List<Future<Void>> first = pool.tokens.stream().map(t -> pool.fetch(t, null).<Void>mapEmpty().otherwiseEmpty())
        .toList();
    return Future.join(first).transform(ar -> {
      pool.timer = vertx.setPeriodic(pollMillis, id -> pool.maintain());
      return Future.succeededFuture(pool);
    });
  }

  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    states.close();
  }

  public RetryPolicy retries() {
    return retries;
  }

  /**
   * The token for an attempt, or {@code null} when none is usable. A session key seen before gets
   * the same token while that one is usable (prompt caching is per account).
   *
   * @param sessionKey {@code x-session-id}, {@code metadata.user_id} or {@code prompt_cache_key}; may be null
   * @param exclude tokens this request already tried
   */
  public Lease acquire(String sessionKey, Set<String> exclude) {
    long now = clock.millis();
    PooledToken chosen = null;
    if (sessionKey != null) {
      String sticky;
      synchronized (affinity) {
        sticky = affinity.get(sessionKey);
      }
      chosen = sticky == null ? null : tokens.stream()
          .filter(t -> t.name().equals(sticky) && !exclude.contains(sticky) && usable(t, now)).findFirst().orElse(null);
    }
    if (chosen == null) {
      chosen = leastLoaded(exclude, now, false);
    }
    if (chosen == null) {
      // An open circuit breaker steers traffic to other tokens; it never leaves the pool empty. With
      // one token (or all of them failing) Factory's errors reach the client as they are, rather
      // than the proxy refusing every request for the breaker's time.
      chosen = leastLoaded(exclude, now, true);
    }
    if (chosen == null) {
      return null;
    }
    if (sessionKey != null) {
      synchronized (affinity) {
        affinity.put(sessionKey, chosen.name());
      }
    }
    return new Lease(chosen);
  }

  /** A new lease on the token of {@code failed}, if it is still usable: for a retry after a backoff. */
  public Lease again(Lease failed) {
    PooledToken token = failed.token();
    return usable(token, clock.millis()) ? new Lease(token) : null;
  }

  /** Weighted least-in-flight; ties are broken at random so that idle tokens share the traffic. */
  private PooledToken leastLoaded(Set<String> exclude, long now, boolean breakerOpenToo) {
    PooledToken best = null;
    double bestScore = Double.MAX_VALUE;
    int ties = 0;
    for (PooledToken token : tokens) {
      if (exclude.contains(token.name()) || !(usable(token, now) || breakerOpenToo && breakerOpen(token, now))) {
        continue;
      }
      double score = (token.inFlight.get() + 1) / (double) token.spec.weight();
      if (score < bestScore) {
        best = token;
        bestScore = score;
        ties = 1;
      } else if (score == bestScore && ThreadLocalRandom.current().nextInt(++ties) == 0) {
        best = token;
      }
    }
    return best;
  }

  private boolean usable(PooledToken token, long now) {
    return token.hasValue() && states.get(token.name()).usableAt(now);
  }

  /** Out only because Factory failed on it a few times in a row: still worth a try when nothing else is. */
  private boolean breakerOpen(PooledToken token, long now) {
    TokenState state = states.get(token.name());
    return token.hasValue() && !state.usableAt(now) && state.reason() != null
        && state.reason().startsWith(Transitions.BREAKER_REASON);
  }

  /**
   * What Factory answered on the lease's token: moves the token's state. The future completes when
   * the state is settled, which for a 401 on a file or command token is after it was fetched again.
   *
   * @param status the status, or 0 when no answer came (refused, reset)
   * @param headers the answer's headers, for a 429's reset time; null when there was no answer
   */
  public Future<Void> report(Lease lease, int status, MultiMap headers) {
    PooledToken token = lease.token();
    for (java.util.function.ObjIntConsumer<String> listener : reportListeners) {
      listener.accept(token.name(), status);
    }
    Verdict verdict = Verdict.of(status);
    long now = clock.millis();
    if (verdict == Verdict.UNAUTHORIZED) {
      return unauthorized(lease, now);
    }
    TokenState current = states.get(token.name());
    TokenState next = transitions.next(current, verdict, headers, now);
    if (next != current) {
      states.put(token.name(), next);
      if (next.state() != current.at(now)) {
        log.info("upstream token {} is {}{}", token.name(), next.state().id(),
            next.reason() == null ? "" : ": " + next.reason());
      }
    }
    return Future.succeededFuture();
  }

  /**
   * A static token is disabled at its first 401. A file or command token is fetched again: a new
   * value makes it usable, the same value (or a failure) disables it until its file changes or its
   * command yields another.
   */
  private Future<Void> unauthorized(Lease lease, long now) {
    PooledToken token = lease.token();
    if (!lease.value().equals(token.value())) {
      return Future.succeededFuture();
    }
    TokenState current = states.get(token.name());
    if (!token.source.refreshable()) {
      disable(token, current, "unauthorized (401)", now);
      return Future.succeededFuture();
    }
    disable(token, current, "unauthorized (401), fetching it again", now);
    return fetch(token, lease.value()).transform(ar -> {
      if (ar.failed() || Objects.equals(lease.value(), token.value())) {
        disable(token, current, "unauthorized (401)", clock.millis());
      }
      return Future.succeededFuture();
    });
  }

  private void disable(PooledToken token, TokenState current, String reason, long now) {
    states.put(token.name(), new TokenState(State.DISABLED, 0, reason, current.rateLimits(), current.errors(), now));
    log.warn("upstream token {} is disabled: {}", token.name(), reason);
  }

  /** Fetches once at a time per token; a new value brings a disabled token back. */
  private Future<Fetched> fetch(PooledToken token, Secret stale) {
    Future<Fetched> running = token.fetching();
    if (running != null) {
      return running;
    }
    Future<Fetched> fetch = fetcher.fetch(token.name(), token.source, stale).andThen(ar -> {
      token.fetching(null);
      long now = clock.millis();
      if (ar.succeeded()) {
        boolean wasMissing = !token.hasValue();
        // A value that replaces another is news; the first one (at start, or after a failed fetch) is not,
        // so a token another member disabled on that same value stays disabled.
        if (token.accept(ar.result()) && !wasMissing) {
          log.info("upstream token {} has a new value", token.name());
          if (states.get(token.name()).state() == State.DISABLED) {
            states.put(token.name(), new TokenState(State.USABLE, 0, null, 0, 0, now));
            log.info("upstream token {} is usable again", token.name());
          }
        }
      } else {
        String reason = ar.cause().getMessage();
        if (!reason.equals(token.fetchFailure())) {
          log.warn("upstream token {} is unusable: {}", token.name(), reason);
        }
        token.failed(reason, now);
      }
    });
    if (!fetch.isComplete()) {
      token.fetching(fetch);
    }
    return fetch;
  }

  /** The periodic work: re-read files, re-run commands before their values expire or after they failed. */
  private void maintain() {
    long now = clock.millis();
    for (PooledToken token : tokens) {
      switch (token.spec.kind()) {
        // Re-read each time; only a changed value counts (see fetch).
        case FILE -> fetch(token, token.value());
        case COMMAND -> {
          boolean due = token.hasValue() ? token.refreshAtMillis() > 0 && now >= token.refreshAtMillis()
              : now - token.failedAtMillis() >= COMMAND_RETRY_MILLIS;
          if (due) {
            fetch(token, token.value());
          }
        }
        default -> { }
      }
    }
  }

  /** Whether any token could serve a request now. */
  /** Whether every token is disabled (or has no value): nothing will bring one back by itself. */
  public boolean allDisabled() {
    return health().stream().allMatch(t -> TokenState.State.DISABLED.id().equals(t.state()));
  }

  public boolean anyUsable() {
    long now = clock.millis();
    return tokens.stream().anyMatch(t -> usable(t, now) || breakerOpen(t, now));
  }

  /** Epoch milliseconds when the first cooling or exhausted token comes back; -1 when none will by itself. */
  public long soonestRecoveryMillis() {
    long now = clock.millis();
    long soonest = -1;
    for (PooledToken token : tokens) {
      TokenState state = states.get(token.name());
      State at = state.at(now);
      if (token.hasValue() && (at == State.COOLING || at == State.EXHAUSTED)
          && (soonest < 0 || state.untilMillis() < soonest)) {
        soonest = state.untilMillis();
      }
    }
    return soonest;
  }

  /** Seconds from now until {@link #soonestRecoveryMillis()}, rounded up, at least 1; -1 when none will. */
  public long secondsToRecovery() {
    long soonest = soonestRecoveryMillis();
    return soonest < 0 ? -1 : Math.max(1, (soonest - clock.millis() + 999) / 1000);
  }

  /** Every token as {@code /health} shows it, in configuration order. */
  /**
   * Called with the token's name and the status (0: no answer) of every upstream attempt, on the
   * thread that reports it: for metrics, which must not block.
   */
  public void onReport(java.util.function.ObjIntConsumer<String> listener) {
    reportListeners.add(listener);
  }

  public List<TokenHealth> health() {
    long now = clock.millis();
    List<TokenHealth> out = new ArrayList<>(tokens.size());
    for (PooledToken token : tokens) {
      if (!token.hasValue()) {
        String reason = token.fetchFailure() == null ? "no value yet" : token.fetchFailure();
        out.add(new TokenHealth(token.name(), State.DISABLED.id(), null, reason));
      } else {
        out.add(TokenHealth.of(token.name(), states.get(token.name()), now));
      }
    }
    return out;
  }
}
