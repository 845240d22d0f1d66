package dev.factoryproxy.dashboard;

import dev.factoryproxy.metrics.Timings;
import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * This member's recent traffic for the dashboard: requests per second over the last two minutes,
 * latency percentiles and errors over the last five, tokens per model and key since start, and
 * the last requests (their access fields, never a body). One per process; every event loop writes
 * to it, hence the short synchronized sections (a few field updates, no I/O).
 */
public final class TrafficFeed {

  static final int SECONDS = 120;
  static final int WINDOW_SECONDS = 300;
  private static final int MAX_SAMPLES = 50_000;
  private static final int TAIL = 40;

  /** A finished request's latencies, with the second it ended. */
  private record Sample(long second, double ttfbMs, double overheadMs, int status) {
  }

  /** One of the last requests: its access fields, turned into JSON only when the dashboard asks. */
  private record Recent(long at, String route, String key, String model, int status, String outcome, String token,
                        int attempts, Timings timings, long durationNanos, Long tokensIn, Long tokensOut) {

    JsonObject toJson() {
      return new JsonObject().put("at", Instant.ofEpochMilli(at).toString())
          .put("route", route).put("key", key).put("model", model)
          .put("status", status).put("outcome", outcome).put("token", token)
          .put("attempts", attempts)
          .put("ttfb_ms", timings == null ? null : timings.ttfb() / 1e6)
          .put("overhead_ms", timings == null || timings.overhead() < 0 ? null : timings.overhead() / 1e6)
          .put("duration_ms", durationNanos / 1e6).put("tokens_in", tokensIn).put("tokens_out", tokensOut);
    }
  }

  private final long[] perSecond = new long[SECONDS];
  private long lastSecond;
  private long requests;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private final ArrayDeque<Recent> tail = new ArrayDeque<>();
  private final Map<String, Long> tokensByModel = new TreeMap<>();
  private final Map<String, Long> tokensByKey = new TreeMap<>();

  /** @param model the bounded model label (catalog id or {@code other}) */
  public void record(Exchange exchange, String model, int status, Timings timings, long durationNanos) {
    long now = System.currentTimeMillis();
    long second = now / 1000;
    Usage usage = exchange.usage();
    long tokens = Usage.zero(usage.totalInput()) + Usage.zero(usage.output());
    Recent line = new Recent(now, exchange.route(), exchange.keyName(), exchange.model(), status, exchange.outcome(),
        exchange.tokenName(), exchange.attempts(), timings, durationNanos, usage.totalInput(), usage.output());
    synchronized (this) {
      advance(second);
      perSecond[(int) (second % SECONDS)]++;
      requests++;
      samples.addLast(new Sample(second, timings == null ? -1 : timings.ttfb() / 1e6,
          timings == null || timings.overhead() < 0 ? -1 : timings.overhead() / 1e6, status));
      while (samples.size() > MAX_SAMPLES || samples.getFirst().second() <= second - WINDOW_SECONDS) {
        samples.removeFirst();
      }
      tail.addLast(line);
      if (tail.size() > TAIL) {
        tail.removeFirst();
      }
      if (tokens > 0 && exchange.route() != null && !"-".equals(exchange.route())) {
        tokensByModel.merge(model, tokens, Long::sum);
        tokensByKey.merge(exchange.keyName(), tokens, Long::sum);
      }
    }
  }

  /** Clears the seconds that passed without a request. */
  private void advance(long second) {
    if (lastSecond == 0 || second - lastSecond >= SECONDS) {
      Arrays.fill(perSecond, 0);
    } else {
      for (long s = lastSecond + 1; s <= second; s++) {
        perSecond[(int) (s % SECONDS)] = 0;
      }
    }
    lastSecond = Math.max(lastSecond, second);
  }

  /** The figures as the dashboard draws them, at this moment. */
  public synchronized JsonObject snapshot() {
    long second = System.currentTimeMillis() / 1000;
    advance(second);
    JsonArray rps = new JsonArray();
    // The current second is still filling: the series ends with the last complete one.
    for (long s = second - SECONDS + 1; s < second; s++) {
      rps.add(perSecond[(int) (s % SECONDS)]);
    }
    double[] ttfb = samples.stream().mapToDouble(Sample::ttfbMs).filter(v -> v >= 0).sorted().toArray();
    double[] overhead = samples.stream().mapToDouble(Sample::overheadMs).filter(v -> v >= 0).sorted().toArray();
    Map<String, Long> errors = new TreeMap<>();
    samples.stream().filter(s -> s.status() >= 400).forEach(s -> errors.merge(Integer.toString(s.status()), 1L, Long::sum));
    return new JsonObject()
        .put("requests", requests)
        .put("rps", rps)
        .put("ttfb_ms", percentiles(ttfb))
        .put("overhead_ms", percentiles(overhead))
        .put("errors", new JsonObject(new TreeMap<String, Object>(errors)))
        .put("tokens_by_model", new JsonObject(new TreeMap<String, Object>(tokensByModel)))
        .put("tokens_by_key", new JsonObject(new TreeMap<String, Object>(tokensByKey)))
        .put("recent", new JsonArray(tail.stream().map(Recent::toJson).toList()));
  }

  private static JsonObject percentiles(double[] sorted) {
    return new JsonObject().put("p50", at(sorted, 0.50)).put("p95", at(sorted, 0.95)).put("p99", at(sorted, 0.99))
        .put("n", sorted.length);
  }

  private static Double at(double[] sorted, double q) {
    if (sorted.length == 0) {
      return null;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
