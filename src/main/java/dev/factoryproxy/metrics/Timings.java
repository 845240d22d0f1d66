package dev.factoryproxy.metrics;

import dev.factoryproxy.route.Exchange;

/**
 * One request's times, in nanoseconds, as the metrics, the access log and {@code Server-Timing}
 * define them alike.
 *
 * <ul>
 *   <li>{@code ttfb}: from the proxy reading the request head to its response head going out (the
 *       first byte the client gets; for a stream, what a streaming user feels);
 *   <li>{@code upstream}: Factory's own part of it, from the first attempt's request going
 *       upstream to the response head of the answer the client gets (retries of Factory's errors
 *       are Factory's time);
 *   <li>{@code overhead}: {@code ttfb - upstream}, the time the proxy itself adds: reading and
 *       checking the body, keys and limits, translation, connecting.
 * </ul>
 *
 * @param upstream -1 when Factory did not answer this request (refused by the proxy, or no answer)
 * @param overhead -1 when {@code upstream} is
 */
public record Timings(long ttfb, long upstream, long overhead) {

  /** The times at {@code headNanos}, when the response head goes out. */
  public static Timings of(Exchange exchange, long headNanos) {
    long ttfb = Math.max(0, headNanos - exchange.startNanos());
    long sent = exchange.upstreamSentNanos();
    long answered = exchange.upstreamHeadersNanos();
    if (sent == 0 || answered == 0 || answered < sent) {
      return new Timings(ttfb, -1, -1);
    }
    long upstream = answered - sent;
    return new Timings(ttfb, upstream, Math.max(0, ttfb - upstream));
  }

  /** {@code proxy;dur=…, upstream;dur=…} in milliseconds; only {@code proxy} when Factory did not answer. */
  public String serverTiming() {
    StringBuilder out = new StringBuilder(48).append("proxy;dur=");
    millis(out, overhead >= 0 ? overhead : ttfb);
    if (upstream >= 0) {
      out.append(", upstream;dur=");
      millis(out, upstream);
    }
    return out.toString();
  }

  private static void millis(StringBuilder out, long nanos) {
    long hundredths = nanos / 10_000;
    out.append(hundredths / 100).append('.');
    long rest = hundredths % 100;
    if (rest < 10) {
      out.append('0');
    }
    out.append(rest);
  }
}
