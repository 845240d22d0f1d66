package dev.factoryproxy.tokens;

import io.vertx.core.Future;

/**
 * Where a token's value comes from: the configuration, a file, or a command. {@link #fetch()}
 * never blocks an event loop; a failure's message says what went wrong and never holds a value.
 */
public interface TokenSource {

  Future<Fetched> fetch();

  /** Whether fetching again may yield another value (a file or a command). */
  boolean refreshable();

  /**
   * Whether a cluster fetches it on one member at a time and shares the value (a command: ten members
   * should not run ten refreshes); a file is each member's own.
   */
  default boolean shared() {
    return false;
  }
}
