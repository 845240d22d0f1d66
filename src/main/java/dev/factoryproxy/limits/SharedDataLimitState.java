package dev.factoryproxy.limits;

import io.vertx.core.Future;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.SharedData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LimitState} on Vert.x counters. The counter handles are cached per instance (their number
 * is bounded by keys × kinds, plus one per key and day).
 */
final class SharedDataLimitState implements LimitState {

  private final SharedData data;
  private final Map<String, Future<Counter>> counters = new ConcurrentHashMap<>();

  SharedDataLimitState(SharedData data) {
    this.data = data;
  }

  private Future<Counter> counter(String name) {
    Future<Counter> cached = counters.get(name);
    if (cached != null && !cached.failed()) {
      return cached;
    }
    Future<Counter> created = data.getCounter(name);
    counters.put(name, created);
    return created;
  }

  @Override
  public Future<Long> get(String name) {
    return counter(name).compose(Counter::get);
  }

  @Override
  public Future<Long> add(String name, long delta) {
    return counter(name).compose(c -> c.addAndGet(delta));
  }

  @Override
  public Future<Boolean> compareAndSet(String name, long expected, long value) {
    return counter(name).compose(c -> c.compareAndSet(expected, value));
  }
}
