package dev.factoryproxy.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Holds N concurrent SSE streams against one URL and measures them.
 *
 * <ol>
 *   <li>opens the streams, at most {@code connect-inflight} connection attempts at a time per
 *       event loop, recording time to first event (request start to first complete event);
 *   <li>once all are open (or failed), writes {@code ready-file}, waits {@code warmup} seconds,
 *       then records per-event latency ({@code nanoTime()} at receipt minus the upstream's
 *       stamp in the event, see {@link Stamps}) for {@code duration} seconds;
 *   <li>closes every stream and prints {@code key=value} lines (also to {@code out}).
 * </ol>
 *
 * {@code api} (chat, messages, responses) and {@code model} choose the request body, so that one
 * client measures a proxy passing a format through and the same proxy translating it.
 *
 * <p>With {@code burst N} the run measures a burst instead of a steady {@code duration}: the old
 * streams are timed from the moment they are all open; after {@code warmup} seconds N new streams
 * start, spread evenly over {@code burst-window-ms} ({@link BurstSchedule}: a timer each, no
 * connect cap, none waits for another), while the old ones keep streaming. It records the new
 * streams' time to first event, and the old streams' per-event latency during the burst and in a
 * window as long just before it ({@link BurstWindows}); it ends one second after the last new
 * stream has its first event (or failed). The keys without a {@code burst_}/{@code before_} prefix
 * are then the old streams' over the whole timed run.
 *
 * <p>A stream that ends or breaks before the client closes it, a failed connect and a non-200 are
 * errors; the new streams' are counted apart ({@code burst_errors}, with those that had no first
 * event when the client gave up).
 */
final class SseLoad {

  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);
  /** After the last new stream's first event: the new streams' first ticks still load the target. */
  private static final long BURST_TAIL_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Time for every event loop to set its timers before the first start of the burst is due. */
  private static final long BURST_LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** The counters of one group of streams (the old ones, or a burst's), shared by the event loops. */
  static final class Cohort {
    final AtomicLong established = new AtomicLong();
    final AtomicLong openFailed = new AtomicLong();
    final AtomicLong errConnect = new AtomicLong();
    final AtomicLong errStatus = new AtomicLong();
    final AtomicLong errPremature = new AtomicLong();
    final AtomicLong errException = new AtomicLong();
    /** Streams that have their first event or have failed, and when the last of them did. */
    final AtomicLong settled = new AtomicLong();
    final AtomicLong lastSettledAt = new AtomicLong(Long.MIN_VALUE);

    void settle(long now) {
      lastSettledAt.accumulateAndGet(now, Math::max); // before the count: who reads the count sees it
      settled.incrementAndGet();
    }

    long errors() {
      return openFailed.get() + errPremature.get() + errException.get();
    }
  }

  /** State shared by the event loops; counters are atomic, the flags volatile. */
  static final class Shared {
    final Cohort old = new Cohort();
    final Cohort burst = new Cohort();
    volatile boolean recording;
    /** Also keep the old streams' latencies with their receive times (burst runs). */
    volatile boolean logging;
  }

  private SseLoad() {
  }

  static void run(Args args) throws Exception {
    URI url = URI.create(args.required("url"));
    int streams = args.integer("streams", 1000);
    int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
    int inflight = args.integer("connect-inflight", 64);
    double warmup = args.decimal("warmup", 2);
    double duration = args.decimal("duration", 10);
    BurstSchedule burst = new BurstSchedule(args.integer("burst", 0),
        TimeUnit.MILLISECONDS.toNanos(args.integer("burst-window-ms", 100)));
    String readyFile = args.str("ready-file", null);
    String out = args.str("out", null);
    String label = args.str("label", "sse");
    ClientApi api = ClientApi.named(args.str("api", "chat"));
    Buffer body = api.body(args.str("model", "glm-4.6"));

    Shared shared = new Shared();
    Vertx vertx = Transports.vertx(new VertxOptions().setEventLoopPoolSize(threads));
    List<Worker> workers = new ArrayList<>();
    String pathAndQuery = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    Target target = new Target(url.getHost(), url.getPort(), pathAndQuery, api, body);
    long openStart = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      int share = streams / threads + (i < streams % threads ? 1 : 0);
      Worker worker = new Worker(shared, target, share, burst.offsetsFor(i, threads).length, inflight);
      workers.add(worker);
      await(vertx.deployVerticle(worker, new DeploymentOptions()));
    }

    long openDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, streams / 100));
    while (shared.old.established.get() + shared.old.openFailed.get() < streams && System.nanoTime() < openDeadline) {
      Thread.sleep(20);
    }
    long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart);
    System.err.printf(Locale.ROOT, "[%s] %d/%d streams open in %d ms (%d failed)%n",
        label, shared.old.established.get(), streams, openMillis, shared.old.openFailed.get());
    if (readyFile != null) {
      Files.writeString(Path.of(readyFile), "established=" + shared.old.established.get() + "\n");
    }
    BurstWindows windows = null;
    double measured;
    if (burst.streams() > 0) {
      long timedFrom = System.nanoTime();
      windows = burst(shared, workers, burst, warmup, timedFrom, label);
      measured = (System.nanoTime() - timedFrom) / 1e9;
    } else {
      Thread.sleep((long) (warmup * 1000));
      shared.recording = true;
      long measureStart = System.nanoTime();
      Thread.sleep((long) (duration * 1000));
      shared.recording = false;
      measured = (System.nanoTime() - measureStart) / 1e9;
    }

    Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    Histogram ttfb = new Histogram(HIGHEST_MICROS, 3);
    long events = 0;
    long negative = 0;
    for (Worker worker : workers) {
      await(worker.closeAll());
      latency.add(worker.latency);
      ttfb.add(worker.ttfb);
      events += worker.events;
      negative += worker.negative;
    }
    await(vertx.close());

    StringBuilder report = new StringBuilder();
    kv(report, "streams", streams);
    kv(report, "established", shared.old.established.get());
    kv(report, "open_ms", openMillis);
    kv(report, "errors", shared.old.errors());
    kv(report, "err_connect", shared.old.errConnect.get());
    kv(report, "err_status", shared.old.errStatus.get());
    kv(report, "err_premature_end", shared.old.errPremature.get());
    kv(report, "err_exception", shared.old.errException.get());
    kv(report, "events", events);
    kv(report, "events_per_s", Math.round(events / measured));
    kv(report, "negative_latency", negative);
    percentiles(report, "lat", latency);
    percentiles(report, "ttfb", ttfb);
    if (windows != null) {
      burstReport(report, shared.burst, burst, windows, workers);
    }
    System.out.print(report);
    if (out != null) {
      Files.writeString(Path.of(out), report);
    }
  }

  /**
   * Times the old streams from now, waits {@code warmup} seconds, starts the burst, and returns
   * once every new stream has settled (or the client gave up on them) plus the tail.
   */
  private static BurstWindows burst(Shared shared, List<Worker> workers, BurstSchedule burst, double warmup,
      long timedFrom, String label) throws Exception {
    shared.recording = true;
    shared.logging = true;
    Thread.sleep((long) (warmup * 1000));
    long start = System.nanoTime() + BURST_LEAD_NANOS;
    for (int i = 0; i < workers.size(); i++) {
      await(workers.get(i).scheduleBurst(start, burst.offsetsFor(i, workers.size())));
    }
    long deadline = start + TimeUnit.SECONDS.toNanos(Math.max(60, burst.streams() / 100));
    Cohort cohort = shared.burst;
    while (cohort.settled.get() < burst.streams() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    long settled = cohort.settled.get() >= burst.streams() ? cohort.lastSettledAt.get() : System.nanoTime();
    BurstWindows windows = new BurstWindows(start, settled, BURST_TAIL_NANOS, timedFrom);
    long left = windows.burstEnd() - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
    shared.logging = false;
    shared.recording = false;
    System.err.printf(Locale.ROOT, "[%s] burst: %d/%d new streams had their first event %d ms after its start (%d failed)%n",
        label, cohort.established.get(), burst.streams(), TimeUnit.NANOSECONDS.toMillis(windows.openNanos()),
        cohort.openFailed.get());
    return windows;
  }

  private static void burstReport(StringBuilder report, Cohort cohort, BurstSchedule burst, BurstWindows windows,
      List<Worker> workers) {
    Histogram ttfb = new Histogram(HIGHEST_MICROS, 3);
    Histogram during = new Histogram(HIGHEST_MICROS, 3);
    Histogram before = new Histogram(HIGHEST_MICROS, 3);
    long lag = 0;
    for (Worker worker : workers) {
      ttfb.add(worker.burstTtfb);
      worker.log.copyInto(during, windows.burstStart(), windows.burstEnd());
      worker.log.copyInto(before, windows.beforeStart(), windows.burstStart());
      lag = Math.max(lag, worker.burstLagNanos);
    }
    long unsettled = Math.max(0, burst.streams() - cohort.settled.get());
    kv(report, "burst_streams", burst.streams());
    kv(report, "burst_spread_ms", TimeUnit.NANOSECONDS.toMillis(burst.spreadNanos()));
    kv(report, "burst_established", cohort.established.get());
    kv(report, "burst_errors", cohort.errors() + unsettled);
    kv(report, "burst_err_connect", cohort.errConnect.get());
    kv(report, "burst_err_status", cohort.errStatus.get());
    kv(report, "burst_err_premature_end", cohort.errPremature.get());
    kv(report, "burst_err_exception", cohort.errException.get());
    kv(report, "burst_unsettled", unsettled);
    kv(report, "burst_open_ms", TimeUnit.NANOSECONDS.toMillis(windows.openNanos()));
    kv(report, "burst_measure_ms", TimeUnit.NANOSECONDS.toMillis(windows.length()));
    kv(report, "before_measure_ms", TimeUnit.NANOSECONDS.toMillis(windows.burstStart() - windows.beforeStart()));
    kv(report, "burst_lag_max_us", TimeUnit.NANOSECONDS.toMicros(lag));
    percentiles(report, "burst_ttfb", ttfb);
    percentiles(report, "burst_old_lat", during);
    percentiles(report, "before_old_lat", before);
  }

  private static void percentiles(StringBuilder report, String name, Histogram h) {
    kv(report, name + "_count", h.getTotalCount());
    kv(report, name + "_p50_us", h.getValueAtPercentile(50));
    kv(report, name + "_p90_us", h.getValueAtPercentile(90));
    kv(report, name + "_p99_us", h.getValueAtPercentile(99));
    kv(report, name + "_p999_us", h.getValueAtPercentile(99.9));
    kv(report, name + "_max_us", h.getMaxValue());
    kv(report, name + "_mean_us", Math.round(h.getMean()));
  }

  private static void kv(StringBuilder report, String key, long value) {
    report.append(key).append('=').append(value).append('\n');
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** Where the streams go and what they ask: the same for every stream. */
  record Target(String host, int port, String uri, ClientApi api, Buffer body) {
  }

  /** One event loop's share of the streams; its histograms are touched on that loop only. */
  static final class Worker extends VerticleBase {
    final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
    final Histogram ttfb = new Histogram(HIGHEST_MICROS, 3);
    final Histogram burstTtfb = new Histogram(HIGHEST_MICROS, 3);
    final SampleLog log = new SampleLog();
    long events;
    long negative;
    /** How late the latest burst start fired after its time: the client's own lag. */
    long burstLagNanos;

    private final Shared shared;
    private final Target target;
    private final int share;
    private final int burstShare;
    private final int inflight;
    private final List<Stream> open = new ArrayList<>();
    private HttpClientAgent client;
    private int launched;
    private boolean closing;

    Worker(Shared shared, Target target, int share, int burstShare, int inflight) {
      this.shared = shared;
      this.target = target;
      this.share = share;
      this.burstShare = burstShare;
      this.inflight = inflight;
    }

    @Override
    public Future<?> start() {
      client = vertx.createHttpClient(new HttpClientOptions()
              .setDefaultHost(target.host())
              .setDefaultPort(target.port())
              .setTcpNoDelay(true)
              .setKeepAlive(true)
              .setConnectTimeout(10_000)
              .setIdleTimeout(0),
          new PoolOptions().setHttp1MaxSize(share + burstShare + 16));
      for (int i = 0; i < Math.min(inflight, share); i++) {
        launch();
      }
      return Future.succeededFuture();
    }

    /** The next old stream: each one settled starts another, at most {@code inflight} connecting. */
    private void launch() {
      if (closing || launched >= share) {
        return;
      }
      launched++;
      Stream stream = new Stream(false);
      open.add(stream);
      stream.open();
    }

    /** Sets one timer per new stream, each due at {@code start} plus its offset. */
    Future<Void> scheduleBurst(long start, long[] offsets) {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> {
        long now = System.nanoTime();
        for (long offset : offsets) {
          long due = start + offset;
          long delayMillis = Math.max(1, (due - now + 999_999) / 1_000_000);
          vertx.setTimer(delayMillis, id -> launchBurst(due));
        }
        done.complete();
      });
      return done.future();
    }

    private void launchBurst(long due) {
      if (closing) {
        return;
      }
      burstLagNanos = Math.max(burstLagNanos, System.nanoTime() - due);
      Stream stream = new Stream(true);
      open.add(stream);
      stream.open();
    }

    Future<Void> closeAll() {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> {
        closing = true;
        for (Stream stream : open) {
          stream.close();
        }
        // Let the resets reach the wire before the loop is shut down.
        vertx.setTimer(200, id -> done.complete());
      });
      return done.future();
    }

    private final class Stream {
      private final long started = System.nanoTime();
      /** A new stream of the burst: timed to its first event only, and counted apart. */
      private final boolean burst;
      private final Cohort cohort;
      private HttpClientRequest request;
      private boolean first = true;
      private boolean over;

      Stream(boolean burst) {
        this.burst = burst;
        this.cohort = burst ? shared.burst : shared.old;
      }

      void open() {
        client.request(target.api().headers(new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setURI(target.uri())
                .putHeader("content-type", "application/json")
                .putHeader("accept", "text/event-stream")))
            .compose(req -> {
              request = req;
              return req.send(target.body().copy()); // a Buffer is not for two event loops at once
            })
            .onComplete(ar -> {
              if (ar.failed()) {
                failOpen(cohort.errConnect);
                return;
              }
              var response = ar.result();
              if (response.statusCode() != 200) {
                response.handler(b -> { });
                failOpen(cohort.errStatus);
                return;
              }
              response.handler(RecordParser.newDelimited("\n\n", this::event));
              response.endHandler(v -> ended(cohort.errPremature));
              response.exceptionHandler(err -> ended(cohort.errException));
            });
      }

      private void failOpen(AtomicLong kind) {
        over = true;
        kind.incrementAndGet();
        cohort.openFailed.incrementAndGet();
        if (burst) {
          cohort.settle(System.nanoTime());
        } else {
          launch();
        }
      }

      private void ended(AtomicLong kind) {
        if (!over && !closing) {
          kind.incrementAndGet();
          if (burst && first) { // a 200 that ended before any event: the burst is not waiting for it
            cohort.settle(System.nanoTime());
          }
        }
        over = true;
      }

      private void event(Buffer record) {
        long now = System.nanoTime();
        if (first) {
          first = false;
          (burst ? burstTtfb : ttfb).recordValue(Math.min(HIGHEST_MICROS, (now - started) / 1000));
          cohort.established.incrementAndGet();
          if (burst) {
            cohort.settle(now);
          } else {
            launch();
          }
        }
        long sent = Stamps.sentAt(record);
        if (burst || sent < 0 || !shared.recording) {
          return;
        }
        long micros = (now - sent) / 1000;
        if (micros < 0) {
          negative++;
          micros = 0;
        }
        latency.recordValue(Math.min(HIGHEST_MICROS, micros));
        events++;
        if (shared.logging) {
          log.add(now, micros);
        }
      }

      void close() {
        if (!over && request != null) {
          over = true;
          request.reset();
        }
      }
    }
  }
}
