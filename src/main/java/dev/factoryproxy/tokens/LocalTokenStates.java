package dev.factoryproxy.tokens;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Token states of one process; every event loop reads and writes them, hence the concurrent map. */
final class LocalTokenStates implements TokenStates {

  private final Map<String, TokenState> states = new ConcurrentHashMap<>();

  @Override
  public TokenState get(String name) {
    return states.getOrDefault(name, TokenState.USABLE);
  }

  @Override
  public void put(String name, TokenState state) {
    // The newer write wins, as in a cluster: a late answer must not undo a later cooldown.
    states.merge(name, state, (old, fresh) -> fresh.atMillis() >= old.atMillis() ? fresh : old);
  }
}
