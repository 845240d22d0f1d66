package dev.factoryproxy.limits;

import dev.factoryproxy.keys.KeySpec;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives back the in-flight counts a dead cluster member held: its requests ended with it, and
 * their concurrency slots must not stay taken forever. Every surviving member may run this at
 * once for the same dead member: each tally is taken by compare-and-set to zero, so exactly one
 * of them subtracts it from the key's count.
 */
public final class InFlightReclaim {

  private static final int MAX_ATTEMPTS = 64;

  private final LimitState state;

  public InFlightReclaim(LimitState state) {
    this.state = state;
  }

  /** @return how many in-flight requests were released, over every key */
  public Future<Long> reclaim(String deadMember, List<KeySpec> keys) {
    List<Future<Long>> released = new ArrayList<>();
    for (KeySpec key : keys) {
      if (key.limits().concurrency() != null) {
        released.add(take(deadMember, key, 0));
      }
    }
    return Future.all(released).map(all -> released.stream().mapToLong(Future::result).sum());
  }

  private Future<Long> take(String deadMember, KeySpec key, int attempt) {
    String tally = Limiter.heldBy(deadMember, key.name());
    return state.get(tally).compose(held -> {
      if (held == 0) {
        return Future.succeededFuture(0L);
      }
      return state.compareAndSet(tally, held, 0).compose(taken -> {
        if (taken) {
          return state.add(Limiter.inFlight(key), -held).map(held);
        }
        return attempt < MAX_ATTEMPTS ? take(deadMember, key, attempt + 1) : Future.succeededFuture(0L);
      });
    });
  }
}
