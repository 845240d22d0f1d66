package dev.factoryproxy.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.ProxyVerticle;
import dev.factoryproxy.config.SettingsReader;
import dev.factoryproxy.testing.SharedEstimator;
import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.Canary;
import dev.factoryproxy.testing.CanaryWireTap;
import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.LeakWatch;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.NettyLeaks;
import dev.factoryproxy.testing.ProxyHarness;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import dev.factoryproxy.testing.WireFormats;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * About a minute of mixed traffic through a real proxy to the mock upstream: all three routes,
 * streamed and not, with client aborts (before the first byte, mid-stream) and upstream faults
 * (reset mid-stream, 429 with Retry-After, 500, 529, slow headers) drawn from a seeded random.
 * Every client outcome must be the one expected for what was injected; every abandoned upstream
 * exchange must be closed by the proxy; afterwards no upstream exchange is left open, the heap
 * is back where it started, and Netty reports no leaked buffer.
 *
 * <p>{@code -Dsoak.seconds=N} and {@code -Dsoak.seed=S} change the length and the draw.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SoakIT {

  private static final long SEED = Long.getLong("soak.seed", 20_261_125L);
  private static final Duration LENGTH = Duration.ofSeconds(Long.getLong("soak.seconds", 50));
  private static final int CONCURRENCY = 16;
  /** How long the proxy may take to close the upstream exchange of a client that left. */
  private static final long RESET_BOUND_MS = 3_000;
  private static final String PLAN_HEADER = "x-soak-plan";
  private static final String TEXT = "Hello from the soak with a few more words to stream";
  /**
   * Streamed 20 ms a word to clients that leave mid-stream: it outlasts {@link #RESET_BOUND_MS}, so
   * a proxy that never resets the upstream cannot pass because the stream ended by itself.
   */
  private static final String LONG_TEXT = (TEXT + " ").repeat(25).trim();

  enum Route {
    RESPONSES("/v1/responses"), MESSAGES("/v1/messages"), CHAT("/v1/chat/completions");

    final String path;

    Route(String path) {
      this.path = path;
    }
  }

  enum Fault { NONE, SLOW_HEADERS, RESET_MID_STREAM, STATUS_429, STATUS_500, STATUS_529 }

  enum Abort { NONE, BEFORE_FIRST_BYTE, MID_STREAM }

  /** What one request does: drawn from the seed and its index alone, so a run can be replayed. */
  record Plan(long index, Route route, boolean stream, Fault fault, Abort abort) {

    static Plan draw(long index) {
      SplittableRandom random = new SplittableRandom(SEED * 1_000_003L + index);
      Route route = Route.values()[random.nextInt(3)];
      boolean stream = random.nextBoolean();
      int f = random.nextInt(100);
      Fault fault = f < 55 ? Fault.NONE : f < 65 ? Fault.SLOW_HEADERS : f < 77 ? Fault.RESET_MID_STREAM
          : f < 85 ? Fault.STATUS_429 : f < 93 ? Fault.STATUS_500 : Fault.STATUS_529;
      int a = random.nextInt(100);
      Abort abort = a < 10 ? Abort.BEFORE_FIRST_BYTE
          : a < 22 && stream && fault == Fault.NONE ? Abort.MID_STREAM : Abort.NONE;
      return new Plan(index, route, stream, fault, abort);
    }

    String header() {
      return index + ":" + route + ":" + stream + ":" + fault + ":" + abort;
    }

    static Plan parse(String header) {
      String[] p = header.split(":");
      return new Plan(Long.parseLong(p[0]), Route.valueOf(p[1]), Boolean.parseBoolean(p[2]), Fault.valueOf(p[3]),
          Abort.valueOf(p[4]));
    }

    String model() {
      return "soak-model-" + route.name().toLowerCase();
    }

    String text() {
      return abort == Abort.MID_STREAM ? LONG_TEXT : TEXT;
    }

    List<String> events() {
      return switch (route) {
        case RESPONSES -> WireFormats.responsesEvents(model(), text());
        case MESSAGES -> WireFormats.anthropicEvents(model(), text());
        case CHAT -> WireFormats.chatChunks(model(), text());
      };
    }

    String json() {
      return switch (route) {
        case RESPONSES -> WireFormats.responsesResponse(model(), text());
        case MESSAGES -> WireFormats.anthropicMessage(model(), text());
        case CHAT -> WireFormats.chatCompletion(model(), text());
      };
    }

    int status() {
      return switch (fault) {
        case STATUS_429 -> 429;
        case STATUS_500 -> 500;
        case STATUS_529 -> 529;
        default -> 200;
      };
    }

    String errorBody() {
      return route == Route.MESSAGES
          ? "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"soak " + status() + "\"}}"
          : "{\"error\":{\"message\":\"soak " + status() + "\",\"type\":\"server_error\",\"code\":null}}";
    }

    /** The whole successful body, byte for byte. */
    String expectedBody() {
      return stream ? String.join("", events()) : json();
    }

    /** What the upstream sends before it dies mid-stream. */
    String beforeReset() {
      return String.join("", events().subList(0, 3));
    }

    String requestBody() {
      return new JsonObject().put("model", model()).put("stream", stream).put("max_tokens", 64)
          .put("messages", List.of(Map.of("role", "user", "content", "soak " + index))).encode();
    }
  }

  /** The mock upstream's side: the reply the plan asks for, and which exchanges it still has open. */
  private static final class Upstream {

    final Map<Long, Recorded> received = new ConcurrentHashMap<>();
    final AtomicInteger openExchanges = new AtomicInteger();

    Reply reply(Recorded request) {
      Plan plan = Plan.parse(request.headers().get(PLAN_HEADER));
      if (plan.abort() != Abort.NONE) {
        received.put(plan.index(), request);
      }
      Reply reply = switch (plan.fault()) {
        case NONE -> plan.abort() == Abort.MID_STREAM
            ? Reply.sse(plan.events(), Duration.ofMillis(20))
            : ok(plan);
        case SLOW_HEADERS -> Reply.delayed(Duration.ofMillis(300), ok(plan));
        case RESET_MID_STREAM -> plan.stream()
            ? Reply.sseThenDrop(plan.events().subList(0, 3), Duration.ofMillis(5))
            : Reply.closeConnection();
        case STATUS_429 -> Reply.json(429, plan.errorBody(), Map.of("retry-after", "7"));
        case STATUS_500, STATUS_529 -> Reply.json(plan.status(), plan.errorBody(), Map.of());
      };
      if (plan.abort() == Abort.BEFORE_FIRST_BYTE) {
        // The client is gone long before; the proxy must close this exchange within RESET_BOUND_MS,
        // before the mock would answer and finish it by itself.
        reply = Reply.delayed(Duration.ofMillis(RESET_BOUND_MS + 2_000), reply);
      }
      return counted(reply);
    }

    private static Reply ok(Plan plan) {
      return plan.stream() ? Reply.sse(plan.events(), Duration.ZERO) : Reply.json(plan.json());
    }

    /** Open from the first byte served until the mock finished its reply or the proxy closed it. */
    private Reply counted(Reply reply) {
      return (vertx, request, response, done) -> {
        openExchanges.incrementAndGet();
        boolean[] closed = new boolean[1];
        Runnable close = () -> {
          if (!closed[0]) {
            closed[0] = true;
            openExchanges.decrementAndGet();
          }
        };
        request.closedEarly().onComplete(ar -> close.run());
        reply.serve(vertx, request, response, () -> {
          close.run();
          done.run();
        });
      };
    }
  }

  /** What the client saw. {@code failure} is set when the request or its body did not complete. */
  record Outcome(Plan plan, int status, MultiMap headers, Buffer body, Throwable failure) {
  }

  private final Map<Object, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
  private final Queue<Future<Void>> resetChecks = new ConcurrentLinkedQueue<>();
  private final AtomicLong nextIndex = new AtomicLong();

  @Test
  void mixedTrafficWithAbortsAndFaultsEndsClean(Vertx vertx) {
    MockFactory mock = MockFactory.start(vertx);
    Upstream upstream = new Upstream();
    mock.reply(upstream::reply);
    ProxyVerticle verticle = new ProxyVerticle(SettingsReader.read(ProxyHarness.shippedConfig()
        .put("FACTORY_AI_TOKEN", Canary.TOKEN)
        .put("FACTORY_BASE_URL", mock.baseUrl())
        // The faults are drawn per request, not by the token's real state: a 429 the mock draws
        // says nothing of the next request, so it must not cool the one token at all.
        .put("MAX_COOLDOWN", "0")
        .put("PORT", 0)), SharedEstimator.get());
    String deployment = Await.result(vertx.deployVerticle(verticle));
    HttpClientAgent client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(verticle.actualPort()))
        .with(new PoolOptions().setHttp1MaxSize(CONCURRENCY))
        .withConnectHandler(CanaryWireTap::install)
        .build();
    try {
      // Warm up first, so the baseline heap holds the classes and pools a run needs anyway.
      runFor(vertx, client, upstream, Duration.ofSeconds(3));
      mock.forgetRequests();
      long heapBefore = Await.heapAfterGc();
      counts.clear();
      long began = System.nanoTime();

      runFor(vertx, client, upstream, LENGTH);

      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
      resetChecks.forEach(check -> Await.result(check, Duration.ofSeconds(30)));
      assertThat(Await.until(() -> upstream.openExchanges.get() == 0, Duration.ofSeconds(10)))
          .as("upstream exchanges still open after the soak: %d", upstream.openExchanges.get()).isTrue();
      int idleUpstreamConnections = mock.openConnections();
      // What the test itself kept of each request is not the proxy's heap.
      mock.forgetRequests();
      upstream.received.clear();
      long heapAfter = Await.heapAfterGc();
      NettyLeaks.forceDetection();
      List<String> leaks = LeakWatch.installed().drain();

      long requests = count("requests");
      Figures.record("soak duration", tookMs / 1000 + " s, seed " + SEED + ", " + CONCURRENCY + " concurrent clients");
      Figures.record("soak requests", requests + " (" + count("streams") + " streamed)");
      Figures.record("soak client aborts", count(Abort.BEFORE_FIRST_BYTE) + " before the first byte, "
          + count(Abort.MID_STREAM) + " mid-stream");
      Figures.record("soak upstream faults", count(Fault.RESET_MID_STREAM) + " resets, " + count(Fault.STATUS_429)
          + " 429, " + count(Fault.STATUS_500) + " 500, " + count(Fault.STATUS_529) + " 529, "
          + count(Fault.SLOW_HEADERS) + " slow headers");
      Figures.record("soak unexpected errors", String.valueOf(unexpected.size()));
      Figures.record("soak heap before/after (after GC)", mib(heapBefore) + " / " + mib(heapAfter));
      Figures.record("soak upstream exchanges open at the end", upstream.openExchanges.get()
          + " (idle pooled connections: " + idleUpstreamConnections + ")");
      Figures.record("soak leak reports", String.valueOf(leaks.size()));

      assertThat(unexpected).as("unexpected outcomes (first of %d)", unexpected.size()).isEmpty();
      assertThat(leaks).isEmpty();
      assertThat(requests).as("requests in %s", LENGTH).isGreaterThan(200);
      assertThat(count(Abort.BEFORE_FIRST_BYTE)).isPositive();
      assertThat(count(Abort.MID_STREAM)).isPositive();
      for (Fault fault : Fault.values()) {
        assertThat(count(fault)).as("requests with %s", fault).isPositive();
      }
      // Kept-alive connections the pool holds for reuse; never more than the clients in flight.
      assertThat(idleUpstreamConnections).isLessThanOrEqualTo(CONCURRENCY);
      assertThat(heapAfter).as("heap after the soak (before: %s)", mib(heapBefore))
          .isLessThan(heapBefore + (24L << 20));
    } finally {
      Await.result(client.close());
      Await.result(vertx.undeploy(deployment));
    }
    // The proxy gone, every connection it had to the upstream is gone: none was left elsewhere.
    assertThat(mock.awaitOpenConnectionsAtMost(0, Duration.ofSeconds(10)))
        .as("upstream connections left open: %d", mock.openConnections()).isTrue();
    mock.close();
  }

  private void runFor(Vertx vertx, HttpClientAgent client, Upstream upstream, Duration length) {
    long deadline = System.nanoTime() + length.toNanos();
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < CONCURRENCY; i++) {
      Promise<Void> worker = Promise.promise();
      workers.add(worker.future());
      vertx.runOnContext(v -> loop(vertx, client, upstream, deadline, worker));
    }
    workers.forEach(w -> Await.result(w, length.plus(Duration.ofSeconds(60))));
  }

  private void loop(Vertx vertx, HttpClientAgent client, Upstream upstream, long deadline, Promise<Void> worker) {
    if (System.nanoTime() > deadline) {
      worker.complete();
      return;
    }
    Plan plan = Plan.draw(nextIndex.getAndIncrement());
    call(vertx, client, upstream, plan).onComplete(ar -> {
      if (ar.failed()) {
        unexpected.add(plan + ": the test client itself failed: " + ar.cause());
      } else {
        judge(ar.result());
      }
      loop(vertx, client, upstream, deadline, worker);
    });
  }

  private Future<Outcome> call(Vertx vertx, HttpClientAgent client, Upstream upstream, Plan plan) {
    increment("requests");
    if (plan.stream()) {
      increment("streams");
    }
    increment(plan.fault());
    increment(plan.abort());
    Promise<Outcome> outcome = Promise.promise();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(plan.route().path)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(PLAN_HEADER, plan.header());
    client.request(options).onComplete(ar -> {
      if (ar.failed()) {
        outcome.tryComplete(new Outcome(plan, -1, null, null, ar.cause()));
        return;
      }
      HttpClientRequest request = ar.result();
      if (plan.abort() == Abort.BEFORE_FIRST_BYTE) {
        vertx.setTimer(20 + plan.index() % 80, t -> abort(vertx, upstream, plan, request));
      }
      request.send(Buffer.buffer(plan.requestBody())).onComplete(sent -> {
        if (sent.failed()) {
          outcome.tryComplete(new Outcome(plan, -1, null, null, sent.cause()));
          return;
        }
        var response = sent.result();
        Buffer body = Buffer.buffer();
        boolean[] aborted = new boolean[1];
        response.handler(chunk -> {
          body.appendBuffer(chunk);
          if (plan.abort() == Abort.MID_STREAM && !aborted[0]) {
            aborted[0] = true;
            abort(vertx, upstream, plan, request);
          }
        });
        response.exceptionHandler(err ->
            outcome.tryComplete(new Outcome(plan, response.statusCode(), response.headers(), body, err)));
        response.endHandler(v ->
            outcome.tryComplete(new Outcome(plan, response.statusCode(), response.headers(), body, null)));
      });
    });
    return outcome.future();
  }

  /** Closes the client's connection, then checks that the proxy closed the upstream exchange in time. */
  private void abort(Vertx vertx, Upstream upstream, Plan plan, HttpClientRequest request) {
    request.connection().close();
    Promise<Void> checked = Promise.promise();
    resetChecks.add(checked.future());
    vertx.setTimer(RESET_BOUND_MS, t -> {
      Recorded seen = upstream.received.remove(plan.index());
      if (seen != null && !seen.closedEarly().isComplete()) {
        unexpected.add(plan + ": the client left but the upstream exchange was not closed within "
            + RESET_BOUND_MS + " ms");
      }
      checked.complete();
    });
  }

  private void judge(Outcome o) {
    Plan plan = o.plan();
    String problem = problem(o);
    if (problem != null) {
      unexpected.add(plan + ": " + problem + " (status " + o.status() + ", failure " + o.failure() + ", body "
          + (o.body() == null ? "none" : abbreviate(o.body().toString())) + ")");
    }
  }

  /** Null when the client saw what it must for this plan; otherwise what was wrong. */
  private static String problem(Outcome o) {
    Plan plan = o.plan();
    if (plan.abort() != Abort.NONE) {
      return o.failure() != null ? null : "the client aborted but its exchange completed";
    }
    String body = o.body() == null ? null : o.body().toString();
    return switch (plan.fault()) {
      case NONE, SLOW_HEADERS -> o.failure() == null && o.status() == 200 && plan.expectedBody().equals(body)
          ? null : "expected the whole body with 200";
      case RESET_MID_STREAM -> plan.stream()
          ? o.status() == 200 && o.failure() != null && plan.beforeReset().startsWith(body)
              ? null : "expected a 200 stream cut after a prefix of what the upstream sent"
          : o.failure() == null && o.status() == 502 && body.contains("error")
              ? null : "expected a 502 error from the proxy";
      // Factory said 7 s; the proxy may say when its soonest token is back instead (with
      // MAX_COOLDOWN=0, at once), so the client waits no longer than it must.
      case STATUS_429 -> o.failure() == null && o.status() == 429 && retryAfterWithin(o, 7)
          && plan.errorBody().equals(body) ? null : "expected Factory's 429 as it was, with a Retry-After of at most 7";
      case STATUS_500, STATUS_529 -> o.failure() == null && o.status() == plan.status()
          && plan.errorBody().equals(body) ? null : "expected Factory's " + plan.status() + " as it was";
    };
  }

  private void increment(Object key) {
    counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private long count(Object key) {
    AtomicLong count = counts.get(key);
    return count == null ? 0 : count.get();
  }



  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1048576.0);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  private static boolean retryAfterWithin(Outcome o, int seconds) {
    String value = o.headers().get("retry-after");
    return value != null && value.matches("\\d+") && Integer.parseInt(value) <= seconds;
  }
}
