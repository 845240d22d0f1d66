package dev.factoryproxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.testing.Await;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Times {@code runs} full limit checks (admit, then release), each asserted admitted, and keeps
 * the second half sorted: the first half warms the JIT and, in a cluster, the partitions.
 */
public final class AdmitTimings {

  private AdmitTimings() {
  }

  /** @return the sorted nanoseconds of the measured checks */
  public static long[] measure(Limiter limiter, IntFunction<KeySpec> keyOf, int runs) {
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      KeySpec key = keyOf.apply(i);
      long start = System.nanoTime();
      Verdict verdict = Await.result(limiter.admit(key));
      nanos[i] = System.nanoTime() - start;
      assertThat(verdict.admitted()).isTrue();
      Await.result(limiter.release(key));
    }
    long[] measured = Arrays.copyOfRange(nanos, runs / 2, runs);
    Arrays.sort(measured);
    return measured;
  }
}
