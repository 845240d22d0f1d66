package dev.factoryproxy.bench;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Per-event latencies with their receive times, kept so that windows chosen only after the run
 * (the burst's, and the baseline of the same length before it) can be read from them. Confined to
 * one event loop while it grows; read once the loop is done. Two longs per event: a burst run
 * records a few seconds of events.
 */
final class SampleLog {

  private long[] data = new long[8192];
  private int size;

  void add(long atNanos, long micros) {
    if (size + 2 > data.length) {
      data = Arrays.copyOf(data, data.length * 2);
    }
    data[size++] = atNanos;
    data[size++] = micros;
  }

  int count() {
    return size / 2;
  }

  /** Records into {@code into} every latency received in [{@code from}, {@code to}). */
  void copyInto(Histogram into, long from, long to) {
    for (int i = 0; i < size; i += 2) {
      long at = data[i];
      if (at - from >= 0 && at - to < 0) { // nanoTime may wrap: compare differences
        into.recordValue(Math.min(into.getHighestTrackableValue(), data[i + 1]));
      }
    }
  }
}
