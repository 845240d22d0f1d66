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
 * <p>A stream that ends or breaks before the client closes it, a failed connect and a non-200 are
 * errors.
 */
final class SseLoad {

  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);

  /** State shared by the event loops; counters are atomic, the flag volatile. */
  static final class Shared {
    final AtomicLong established = new AtomicLong();
    final AtomicLong openFailed = new AtomicLong();
    final AtomicLong errConnect = new AtomicLong();
    final AtomicLong errStatus = new AtomicLong();
    final AtomicLong errPremature = new AtomicLong();
    final AtomicLong errException = new AtomicLong();
    volatile boolean recording;
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
    String readyFile = args.str("ready-file", null);
    String out = args.str("out", null);
    String label = args.str("label", "sse");
    ClientApi api = ClientApi.named(args.str("api", "chat"));
    Buffer body = api.body(args.str("model", "glm-4.6"));

    Shared shared = new Shared();
    Vertx vertx = Transports.vertx(new VertxOptions().setEventLoopPoolSize(threads));
    List<Worker> workers = new ArrayList<>();
    String pathAndQuery = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    long openStart = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      int share = streams / threads + (i < streams % threads ? 1 : 0);
      Worker worker = new Worker(shared, new Target(url.getHost(), url.getPort(), pathAndQuery, api, body),
          share, inflight);
      workers.add(worker);
      await(vertx.deployVerticle(worker, new DeploymentOptions()));
    }

    long openDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, streams / 100));
    while (shared.established.get() + shared.openFailed.get() < streams && System.nanoTime() < openDeadline) {
      Thread.sleep(20);
    }
    long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart);
    System.err.printf(Locale.ROOT, "[%s] %d/%d streams open in %d ms (%d failed)%n",
        label, shared.established.get(), streams, openMillis, shared.openFailed.get());
    if (readyFile != null) {
      Files.writeString(Path.of(readyFile), "established=" + shared.established.get() + "\n");
    }
    Thread.sleep((long) (warmup * 1000));
    shared.recording = true;
    long measureStart = System.nanoTime();
    Thread.sleep((long) (duration * 1000));
    shared.recording = false;
    double measured = (System.nanoTime() - measureStart) / 1e9;

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

    long errors = shared.openFailed.get() + shared.errPremature.get() + shared.errException.get();
    StringBuilder report = new StringBuilder();
    kv(report, "streams", streams);
    kv(report, "established", shared.established.get());
    kv(report, "open_ms", openMillis);
    kv(report, "errors", errors);
    kv(report, "err_connect", shared.errConnect.get());
    kv(report, "err_status", shared.errStatus.get());
    kv(report, "err_premature_end", shared.errPremature.get());
    kv(report, "err_exception", shared.errException.get());
    kv(report, "events", events);
    kv(report, "events_per_s", Math.round(events / measured));
    kv(report, "negative_latency", negative);
    percentiles(report, "lat", latency);
    percentiles(report, "ttfb", ttfb);
    System.out.print(report);
    if (out != null) {
      Files.writeString(Path.of(out), report);
    }
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
    long events;
    long negative;

    private final Shared shared;
    private final Target target;
    private final int share;
    private final int inflight;
    private final List<Stream> open = new ArrayList<>();
    private HttpClientAgent client;
    private int launched;
    private boolean closing;

    Worker(Shared shared, Target target, int share, int inflight) {
      this.shared = shared;
      this.target = target;
      this.share = share;
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
          new PoolOptions().setHttp1MaxSize(share + 16));
      for (int i = 0; i < Math.min(inflight, share); i++) {
        launch();
      }
      return Future.succeededFuture();
    }

    private void launch() {
      if (closing || launched >= share) {
        return;
      }
      launched++;
      Stream stream = new Stream();
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
      private HttpClientRequest request;
      private boolean first = true;
      private boolean over;

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
                failOpen(shared.errConnect);
                return;
              }
              var response = ar.result();
              if (response.statusCode() != 200) {
                response.handler(b -> { });
                failOpen(shared.errStatus);
                return;
              }
              response.handler(RecordParser.newDelimited("\n\n", this::event));
              response.endHandler(v -> ended(shared.errPremature));
              response.exceptionHandler(err -> ended(shared.errException));
            });
      }

      private void failOpen(AtomicLong kind) {
        over = true;
        kind.incrementAndGet();
        shared.openFailed.incrementAndGet();
        launch();
      }

      private void ended(AtomicLong kind) {
        if (!over && !closing) {
          kind.incrementAndGet();
        }
        over = true;
      }

      private void event(Buffer record) {
        long now = System.nanoTime();
        if (first) {
          first = false;
          ttfb.recordValue(Math.min(HIGHEST_MICROS, (now - started) / 1000));
          shared.established.incrementAndGet();
          launch();
        }
        long sent = Stamps.sentAt(record);
        if (sent < 0 || !shared.recording) {
          return;
        }
        long micros = (now - sent) / 1000;
        if (micros < 0) {
          negative++;
          micros = 0;
        }
        latency.recordValue(Math.min(HIGHEST_MICROS, micros));
        events++;
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
