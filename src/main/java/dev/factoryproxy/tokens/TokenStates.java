package dev.factoryproxy.tokens;

/**
 * Where token states are kept. Reads are synchronous and cheap (a request picks its token on the
 * event loop, from what this member knows now); writes go on in the background. One process keeps
 * them in memory ({@link #local()}); a cluster shares them through Vert.x SharedData
 * ({@link SharedTokenStates}), so a 429 one member sees cools the token for all.
 */
public interface TokenStates {

  /** The state of the token named so; {@link TokenState#USABLE} for one never written. */
  TokenState get(String name);

  void put(String name, TokenState state);

  /** Stops whatever keeps the states current. */
  default void close() {
  }

  static TokenStates local() {
    return new LocalTokenStates();
  }
}
