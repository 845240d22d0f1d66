package dev.factoryproxy.tokens;

import dev.factoryproxy.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One token of the pool as this process holds it: its current value (with the header it makes,
 * built once per value), how many requests use it now, and what its last fetch said. Read from
 * every event loop, written by the pool's fetches: hence volatile fields.
 */
final class PooledToken {

  final TokenSpec spec;
  final TokenSource source;
  final AtomicInteger inFlight = new AtomicInteger();
  private volatile Secret value;
  private volatile CharSequence authorization;
  private volatile long refreshAtMillis;
  private volatile String fetchFailure;
  private volatile long failedAtMillis;
  /** The fetch under way, so that a 401 and a scheduled refresh run the command once. Guarded by this. */
  private Future<Fetched> fetching;

  PooledToken(TokenSpec spec, TokenSource source) {
    this.spec = spec;
    this.source = source;
  }

  String name() {
    return spec.name();
  }

  Secret value() {
    return value;
  }

  CharSequence authorization() {
    return authorization;
  }

  boolean hasValue() {
    return value != null;
  }

  long refreshAtMillis() {
    return refreshAtMillis;
  }

  String fetchFailure() {
    return fetchFailure;
  }

  long failedAtMillis() {
    return failedAtMillis;
  }

  /** Takes a fetched value; true when it differs from the one held. */
  boolean accept(Fetched fetched) {
    refreshAtMillis = fetched.refreshAtMillis();
    fetchFailure = null;
    if (fetched.value().equals(value)) {
      return false;
    }
    authorization = HttpHeaders.createOptimized("Bearer " + fetched.value().value());
    value = fetched.value();
    return true;
  }

  /** A fetch failed: without a value the token is unusable, and says why. */
  void failed(String reason, long nowMillis) {
    value = null;
    authorization = null;
    fetchFailure = reason;
    failedAtMillis = nowMillis;
  }

  synchronized Future<Fetched> fetching() {
    return fetching;
  }

  synchronized void fetching(Future<Fetched> fetch) {
    this.fetching = fetch;
  }
}
