package dev.factoryproxy.stream;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Enforces the time limits of one event loop's exchanges with a single periodic timer.
 *
 * <p>A timer per request costs a schedule and a cancel on the event loop's timer queue for
 * every request, though nearly all of them finish long before any limit: a measurable share of
 * a small request's CPU. Here a request costs an add and a remove in a set, and a limit is
 * noticed within one period of passing (the period is a tenth of the shortest limit).
 *
 * <p>Not thread-safe: every call comes from the event loop that created the sweeper.
 */
public final class DeadlineSweeper {

  /** Something with a time limit. */
  public interface Watched {

    /**
     * Called once per period with the current {@link System#nanoTime()}.
     *
     * @return {@code true} when the watched thing has passed its limit (and has been told)
     *     or is finished: either way it is no longer watched
     */
    boolean sweep(long nowNanos);
  }

  private final Vertx vertx;
  private final Set<Watched> watched = Collections.newSetFromMap(new IdentityHashMap<>());
  private final long timerId;

  private DeadlineSweeper(Vertx vertx, long periodMillis) {
    this.vertx = vertx;
    this.timerId = vertx.setPeriodic(periodMillis, id -> sweep());
  }

  /** Starts sweeping on the caller's event loop. */
  public static DeadlineSweeper start(Vertx vertx, long shortestLimitMillis) {
    return new DeadlineSweeper(vertx, Math.max(5, Math.min(1000, shortestLimitMillis / 10)));
  }

  public void watch(Watched w) {
    watched.add(w);
  }

  public void unwatch(Watched w) {
    watched.remove(w);
  }

  public int size() {
    return watched.size();
  }

  public void stop() {
    vertx.cancelTimer(timerId);
  }

  private void sweep() {
    if (watched.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    // Expiring one may finish or start others (a reset fails a pipe): collect, then act.
    List<Watched> done = new ArrayList<>();
    for (Watched w : List.copyOf(watched)) {
      if (w.sweep(now)) {
        done.add(w);
      }
    }
    done.forEach(watched::remove);
  }
}
