package dev.factoryproxy.limits;

import dev.factoryproxy.keys.KeyLimits;
import dev.factoryproxy.keys.KeySpec;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Prints what a limit check adds on one node (every limit set, local SharedData). It asserts only
 * that the checks ran: targets live in bench/, not in tests a loaded machine could fail.
 */
@ExtendWith(VertxExtension.class)
class LimiterLatencyTest {

  @Test
  void printsTheAddedLatencyOfAFullLimitCheck(Vertx vertx) {
    Limiter limiter = new Limiter(LimitState.of(vertx.sharedData()), Clock.systemUTC());
    KeySpec key = new KeySpec("bench", new byte[32], List.of(), new KeyLimits(1_000_000_000L, 1_000_000_000L,
        1_000_000L, 1_000_000_000_000L), null, false);
    long[] measured = AdmitTimings.measure(limiter, i -> key, 20_000);
    System.out.printf("LimiterLatency: admit (concurrency+rpm+tpm+daily, local) p50 %.3f ms, p99 %.3f ms, n=%d%n",
        measured[measured.length / 2] / 1e6, measured[measured.length * 99 / 100] / 1e6, measured.length);
  }
}
