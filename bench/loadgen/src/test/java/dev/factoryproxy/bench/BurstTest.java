package dev.factoryproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The burst's start times, its measurement windows, and reading a window from the sample log. */
class BurstTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void startsAreSpreadEvenlyOverTheWindow() {
    BurstSchedule schedule = new BurstSchedule(1000, 100 * MS);
    assertThat(schedule.offsetNanos(0)).isZero();
    assertThat(schedule.offsetNanos(1)).isEqualTo(100_000L);
    assertThat(schedule.offsetNanos(500)).isEqualTo(50 * MS);
    assertThat(schedule.offsetNanos(999)).isEqualTo(99_900_000L);
  }

  @Test
  void everyLoopGetsItsShareAcrossTheWholeSpread() {
    BurstSchedule schedule = new BurstSchedule(1001, 100 * MS);
    long[] first = schedule.offsetsFor(0, 2);
    long[] second = schedule.offsetsFor(1, 2);
    assertThat(first).hasSize(501);
    assertThat(second).hasSize(500);
    assertThat(first[first.length - 1]).isGreaterThan(99 * MS);
    assertThat(second[second.length - 1]).isGreaterThan(99 * MS);
    long[] all = LongStream.concat(Arrays.stream(first), Arrays.stream(second)).sorted().toArray();
    assertThat(all).containsExactly(IntStream.range(0, 1001).mapToLong(schedule::offsetNanos).toArray());
  }

  @Test
  void burstWindowRunsToTheLastFirstEventPlusTheTailAndTheBaselineIsAsLong() {
    long start = 10_000 * MS;
    BurstWindows windows = new BurstWindows(start, start + 300 * MS, 1000 * MS, 0);
    assertThat(windows.openNanos()).isEqualTo(300 * MS);
    assertThat(windows.burstEnd()).isEqualTo(start + 1300 * MS);
    assertThat(windows.length()).isEqualTo(1300 * MS);
    assertThat(windows.beforeStart()).isEqualTo(start - 1300 * MS);
  }

  @Test
  void baselineStopsWhereTheOldStreamsBeganToBeTimed() {
    long start = 10_000 * MS;
    BurstWindows windows = new BurstWindows(start, start + 2000 * MS, 1000 * MS, start - 1000 * MS);
    assertThat(windows.beforeStart()).isEqualTo(start - 1000 * MS);
  }

  @Test
  void sampleLogReadsOnlyTheWindowAskedFor() {
    SampleLog log = new SampleLog();
    for (int i = 0; i < 20_000; i++) { // past the first array: it grows
      log.add(i * MS, i < 10_000 ? 100 : 5_000);
    }
    Histogram before = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
    Histogram during = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
    log.copyInto(before, 9_000 * MS, 10_000 * MS);
    log.copyInto(during, 10_000 * MS, 11_000 * MS);
    assertThat(log.count()).isEqualTo(20_000);
    assertThat(before.getTotalCount()).isEqualTo(1000);
    assertThat(before.getMaxValue()).isEqualTo(100);
    assertThat(during.getTotalCount()).isEqualTo(1000);
    assertThat(during.getValueAtPercentile(1)).isGreaterThanOrEqualTo(4_995);
  }
}
