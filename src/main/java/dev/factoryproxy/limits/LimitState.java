package dev.factoryproxy.limits;

import io.vertx.core.Future;

/**
 * Where the limiter keeps its numbers: named long counters with atomic add and compare-and-set.
 * One implementation, {@link #of(io.vertx.core.shareddata.SharedData)}, serves both cases: Vert.x
 * SharedData counters are process-local without {@code -cluster} and Hazelcast-backed,
 * cluster-wide, with it. Every call is asynchronous; none blocks an event loop.
 */
public interface LimitState {

  Future<Long> get(String name);

  Future<Long> add(String name, long delta);

  Future<Boolean> compareAndSet(String name, long expected, long value);

  static LimitState of(io.vertx.core.shareddata.SharedData data) {
    return new SharedDataLimitState(data);
  }
}
