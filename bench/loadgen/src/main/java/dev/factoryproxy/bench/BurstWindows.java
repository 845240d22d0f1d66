package dev.factoryproxy.bench;

/**
 * The two windows the old streams' per-event latency is read over in a burst run, all times
 * {@link System#nanoTime()}:
 *
 * <ul>
 *   <li>the burst window, from the burst's start until every new stream has its first event (or
 *       failed), plus a tail in which the new streams' first ticks still load the target;
 *   <li>the baseline, a window of the same length that ends where the burst starts, cut at
 *       {@code earliest} (when the old streams were all open) when the run before the burst was
 *       shorter.
 * </ul>
 */
record BurstWindows(long burstStart, long settled, long tailNanos, long earliest) {

  long burstEnd() {
    return Math.max(burstStart, settled) + tailNanos;
  }

  long length() {
    return burstEnd() - burstStart;
  }

  long beforeStart() {
    return Math.max(earliest, burstStart - length());
  }

  /** How long the new streams took to be all settled, from the burst's start. */
  long openNanos() {
    return Math.max(0, settled - burstStart);
  }
}
