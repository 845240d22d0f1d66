package dev.factoryproxy.bench;

/**
 * When each stream of a burst starts: {@code streams} starts spread evenly over {@code spreadNanos},
 * the k-th at {@code k * spread / streams} after the burst's start, and dealt round-robin to the
 * event loops, so that every loop opens its share across the whole spread rather than in a clump.
 * Each start is a timer of its own: no start waits for an earlier one to connect.
 */
record BurstSchedule(int streams, long spreadNanos) {

  BurstSchedule {
    if (streams < 0 || spreadNanos < 0) {
      throw new IllegalArgumentException("a burst needs streams >= 0 and a spread >= 0");
    }
  }

  /** The offset of the k-th start from the burst's start. */
  long offsetNanos(int k) {
    return streams == 0 ? 0 : spreadNanos * k / streams;
  }

  /** The offsets of the starts {@code worker} (of {@code workers}) opens, earliest first. */
  long[] offsetsFor(int worker, int workers) {
    int count = streams / workers + (worker < streams % workers ? 1 : 0);
    long[] offsets = new long[count];
    for (int i = 0; i < count; i++) {
      offsets[i] = offsetNanos(worker + i * workers);
    }
    return offsets;
  }
}
