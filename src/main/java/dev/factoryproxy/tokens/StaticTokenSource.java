package dev.factoryproxy.tokens;

import dev.factoryproxy.config.Secret;
import io.vertx.core.Future;

/** A value from the configuration: it never changes, so a 401 disables it for good. */
final class StaticTokenSource implements TokenSource {

  private final Fetched value;

  StaticTokenSource(Secret value) {
    this.value = new Fetched(value, 0);
  }

  @Override
  public Future<Fetched> fetch() {
    return Future.succeededFuture(value);
  }

  @Override
  public boolean refreshable() {
    return false;
  }
}
