package dev.factoryproxy.tokens;

import dev.factoryproxy.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;

/**
 * In a cluster, a command token is fetched by one member at a time, under a cluster lock
 * ({@code SharedData.getLockWithTimeout}), and the value is shared in a cluster map: a member that
 * gets the lock after another fetched takes that value instead of running the command again, so ten
 * members do not run ten refreshes. A file token is each member's own, fetched directly. The shared
 * value lives in Hazelcast's memory like any other shared state; it is never logged.
 */
public final class SharedTokenFetcher implements TokenFetcher {

  static final String VALUES = "factory-proxy.token-values";
  private static final String LOCK = "factory-proxy.token-fetch.";
  /** Longer than a command may run, so a member waits for the one fetching rather than give up. */
  private static final long LOCK_WAIT_MILLIS = CommandTokenSource.TIMEOUT.toMillis() * 2;

  private final Vertx vertx;
  private final Clock clock;

  public SharedTokenFetcher(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  @Override
  public Future<Fetched> fetch(String name, TokenSource source, Secret stale) {
    if (!source.shared()) {
      return source.fetch();
    }
    return vertx.sharedData().getLockWithTimeout(LOCK + name, LOCK_WAIT_MILLIS).compose(lock ->
        vertx.sharedData().<String, JsonObject>getAsyncMap(VALUES)
            .compose(values -> values.get(name).compose(shared -> {
              Fetched known = shared == null ? null
                  : new Fetched(new Secret(shared.getString("value")), shared.getLong("refreshAt", 0L));
              if (known != null && !known.value().equals(stale)
                  && (known.refreshAtMillis() == 0 || known.refreshAtMillis() > clock.millis())) {
                return Future.succeededFuture(known);
              }
              return source.fetch().compose(fetched -> values.put(name, new JsonObject()
                      .put("value", fetched.value().value()).put("refreshAt", fetched.refreshAtMillis()))
                  .map(fetched));
            }))
            .andThen(ar -> lock.release()));
  }
}
