package dev.factoryproxy.tokens;

import dev.factoryproxy.config.Secret;
import io.vertx.core.Future;

/**
 * How the pool fetches a token: {@link #direct()} in one process; in a cluster, a command token is
 * fetched by one member at a time and the value shared ({@link SharedTokenFetcher}).
 */
public interface TokenFetcher {

  /** @param stale the value held now, which a fetch after a 401 must replace; null if none */
  Future<Fetched> fetch(String name, TokenSource source, Secret stale);

  static TokenFetcher direct() {
    return (name, source, stale) -> source.fetch();
  }
}
