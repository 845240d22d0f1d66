package dev.factoryproxy.metrics;

import dev.factoryproxy.catalog.ModelSpec;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.dashboard.TrafficFeed;
import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.tokens.TokenHealth;
import dev.factoryproxy.tokens.TokenPool;
import dev.factoryproxy.tokens.TokenSpec;
import dev.factoryproxy.tokens.TokenState;
import dev.factoryproxy.translate.model.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The proxy's own metrics, {@code factory_proxy_*}, in the registry {@code /metrics} serves: Vert.x's
 * (with its HTTP server, HTTP client and JVM metrics) when the launcher enabled Micrometer, else a
 * registry of our own with the JVM's. One per process, shared by every event loop.
 */
public final class ProxyMetrics {

  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};
  /** The proxy's own share is meant to be a few milliseconds: fine buckets there. */
  private static final Duration[] OVERHEAD_BUCKETS = {
      Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

  private final PrometheusMeterRegistry registry;
  private final Labels labels;
  private final Timer duration;
  private final Timer ttfb;
  private final Timer overhead;
  private final AtomicInteger streams = new AtomicInteger();
  private final TrafficFeed feed = new TrafficFeed();
  /**
   * The counters by name and label values. Micrometer's {@code register} builds and sorts a tag
   * set and an id on every call: per request and per token type that cost more than the rest of
   * the metrics together. The label values are bounded (catalog models, configured keys and
   * tokens), so this map is too.
   */
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

  private ProxyMetrics(PrometheusMeterRegistry registry, Labels labels) {
    this.registry = registry;
    this.labels = labels;
    this.duration = Timer.builder("factory_proxy_request_duration")
        .description("From the request head to the end of the response").serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry);
    this.ttfb = Timer.builder("factory_proxy_time_to_first_byte")
        .description("From the request head to the response head (what a streaming user feels)")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    this.overhead = Timer.builder("factory_proxy_overhead")
        .description("Time to first byte minus Factory's own time to its response head")
        .serviceLevelObjectives(OVERHEAD_BUCKETS).register(registry);
    Gauge.builder("factory_proxy_streams_active", streams, AtomicInteger::get)
        .description("Event streams being relayed now").register(registry);
  }

  /**
   * @param pool the upstream tokens whose states and attempts are counted
   */
  public static ProxyMetrics create(ProxySettings settings, TokenPool pool) {
    MeterRegistry vertx = BackendRegistries.getDefaultNow();
    PrometheusMeterRegistry registry;
    if (vertx instanceof PrometheusMeterRegistry prometheus) {
      registry = prometheus;
    } else {
      // Started without the launcher's metrics options (bin/vertx run, tests): no Vert.x figures.
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
    }
    ProxyMetrics metrics = new ProxyMetrics(registry,
        new Labels(settings.catalog().models().stream().map(ModelSpec::id).collect(Collectors.toSet())));
    metrics.watch(settings.tokens().specs().stream().map(TokenSpec::name).toList(), pool);
    return metrics;
  }

  private void watch(List<String> tokenNames, TokenPool pool) {
    for (String name : tokenNames) {
      for (TokenState.State state : TokenState.State.values()) {
        Gauge.builder("factory_proxy_upstream_token_state", () -> stateOf(pool, name).equals(state.id()) ? 1 : 0)
            .description("1 for the upstream token's current state")
            .tags("token", name, "state", state.id()).register(registry);
      }
    }
    pool.onReport((token, status) -> counter("factory_proxy_upstream_attempts",
        "Requests sent to Factory, by token and the status it answered (none: no answer)",
        "token", token, "status", Labels.status(status)).increment());
  }

  private static String stateOf(TokenPool pool, String name) {
    return pool.health().stream().filter(h -> h.name().equals(name)).map(TokenHealth::state).findFirst().orElse("");
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A stream's head went out; {@link #streamEnded()} follows once. */
  public void streamStarted() {
    streams.incrementAndGet();
  }

  public void streamEnded() {
    streams.decrementAndGet();
  }

  /** This process's recent traffic, for the dashboard. */
  public TrafficFeed feed() {
    return feed;
  }

  public int streamsActive() {
    return streams.get();
  }

  /** The bounded model label for a model name. */
  public String modelLabel(String model) {
    return labels.model(model);
  }

  /**
   * One finished request.
   *
   * @param timings {@code null} when no response head went out
   */
  public void request(Exchange exchange, int status, Timings timings, long durationNanos) {
    String model = labels.model(exchange.model());
    String key = exchange.keyName();
    counter("factory_proxy_requests", "Requests answered, by route, model, key, status, outcome",
        "route", exchange.route(), "model", model, "key", key, "status", Labels.status(status),
        "outcome", exchange.outcome()).increment();
    duration.record(durationNanos, TimeUnit.NANOSECONDS);
    if (timings != null) {
      ttfb.record(timings.ttfb(), TimeUnit.NANOSECONDS);
      if (timings.overhead() >= 0) {
        overhead.record(timings.overhead(), TimeUnit.NANOSECONDS);
      }
    }
    tokens(model, key, exchange.usage());
    if (!Labels.NONE.equals(exchange.route())) {
      // The dashboard shows the proxied traffic, not its own polling, scrapes or health checks.
      feed.record(exchange, model, status, timings, durationNanos);
    }
    if (exchange.rateLimited() != null) {
      counter("factory_proxy_rate_limited", "Requests refused by a key's limit",
          "key", key, "limit", exchange.rateLimited()).increment();
    }
    if (exchange.translation() != null) {
      counter("factory_proxy_translations", "Requests translated between APIs",
          "from", exchange.translation().context().client().id(),
          "to", exchange.translation().context().upstream().id()).increment();
    }
  }

  private void tokens(String model, String key, Usage usage) {
    count(model, key, "input", usage.input());
    count(model, key, "output", usage.output());
    count(model, key, "cache_read", usage.cacheRead());
    count(model, key, "cache_write", usage.cacheWrite());
    count(model, key, "reasoning", usage.reasoning());
  }

  private void count(String model, String key, String type, Long tokens) {
    if (tokens == null || tokens <= 0) {
      return;
    }
    counter("factory_proxy_tokens", "Tokens Factory reported, by model, key and type",
        "model", model, "key", key, "type", type).increment(tokens);
  }

  /** The counter {@code name} with these tags (name, value, name, value...), registered once. */
  private Counter counter(String name, String description, String... tags) {
    List<String> id = new ArrayList<>(tags.length + 1);
    id.add(name);
    id.addAll(Arrays.asList(tags));
    return counters.computeIfAbsent(id, k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }
}
