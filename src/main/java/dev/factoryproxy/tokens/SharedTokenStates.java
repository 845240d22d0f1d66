package dev.factoryproxy.tokens;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token states shared by every member of a cluster, through Vert.x's async SharedData (Hazelcast
 * with {@code -cluster}): a write goes to the cluster map at once, and each member pulls the map
 * every {@code pollMillis} into the local copy it picks tokens from. Of two writes the newer wins
 * ({@link TokenState#atMillis()}), so a late success on one member does not undo a later 429 on another.
 */
public final class SharedTokenStates implements TokenStates {

  private static final Logger log = LoggerFactory.getLogger(SharedTokenStates.class);
  static final String MAP = "factory-proxy.token-states";
  public static final long DEFAULT_POLL_MILLIS = 500;

  private final Vertx vertx;
  private final AsyncMap<String, JsonObject> map;
  private final LocalTokenStates cache = new LocalTokenStates();
  private long timer = -1;

  private SharedTokenStates(Vertx vertx, AsyncMap<String, JsonObject> map) {
    this.vertx = vertx;
    this.map = map;
  }

  public static Future<TokenStates> start(Vertx vertx, long pollMillis) {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP).compose(map -> {
      SharedTokenStates states = new SharedTokenStates(vertx, map);
      return states.pull().map(v -> {
        states.timer = vertx.setPeriodic(pollMillis, id -> states.pull());
        return states;
      });
    });
  }

  @Override
  public TokenState get(String name) {
    return cache.get(name);
  }

  @Override
  public void put(String name, TokenState state) {
    cache.put(name, state);
    map.put(name, state.toJson()).onFailure(err -> log.debug("token state of {} not shared: {}", name, err.toString()));
  }

  private Future<Void> pull() {
    return map.entries().<Void>map(entries -> {
      entries.forEach((name, json) -> cache.put(name, TokenState.fromJson(json)));
      return null;
    }).otherwise(err -> {
      log.debug("token states not pulled from the cluster: {}", err.toString());
      return null;
    });
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
