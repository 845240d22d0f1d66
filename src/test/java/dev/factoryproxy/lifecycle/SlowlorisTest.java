package dev.factoryproxy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.RawHttp;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HEADER_TIMEOUT against slowloris: connections that trickle a request head, a byte at a time
 * and often enough that no idle timeout would ever fire, are closed once the deadline from their
 * opening has passed, while real clients on the same proxy keep being served.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowlorisTest {

  private static final int ATTACKERS = 200;
  private static final long HEADER_TIMEOUT_MS = 2000;
  /** Well inside the deadline: each connection is busy sending the whole time it is open. */
  private static final long TRICKLE_MS = 400;
  private static final int LEGIT_CONCURRENCY = 8;
  private static final String BODY = "{\"model\":\"glm-4.6\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final long MS = 1_000_000L;

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.startedByTest();

  @Test
  void trickledHeadsAreCutAtTheDeadlineWhileRealClientsAreServed() {
    proxy.start(new JsonObject().put("HEADER_TIMEOUT", HEADER_TIMEOUT_MS + "ms"));
    HttpClient client = proxy.client();

    // Warm up, then the reference: the same load with nobody attacking.
    Await.result(Load.run(proxy.vertx(), client, LEGIT_CONCURRENCY, 200, null), Duration.ofSeconds(30));
    List<Long> quiet = Await.result(Load.run(proxy.vertx(), client, LEGIT_CONCURRENCY, 400, null),
        Duration.ofSeconds(30));
    int upstreamBefore = proxy.upstream().requests().size();

    Attack attack = Attack.start(proxy.vertx(), proxy.port(), ATTACKERS);
    attack.awaitConnected();
    Future<List<Long>> load = Load.run(proxy.vertx(), client, LEGIT_CONCURRENCY, 100, attack.allClosed());
    try {
      Await.result(attack.allClosed(), Duration.ofSeconds(20));
    } catch (AssertionError e) {
      throw new AssertionError("closed: " + attack.lifetimesMillis().size() + " of " + ATTACKERS
          + " (load done: " + load.isComplete() + ")", e);
    }
    List<Long> underAttack = Await.result(load, Duration.ofSeconds(20));

    List<Long> lifetimes = attack.lifetimesMillis();
    long p99Quiet = percentile(quiet, 99);
    long p99Attack = percentile(underAttack, 99);
    Figures.record("slowloris: connections", ATTACKERS + " trickling 1 byte / " + TRICKLE_MS + " ms");
    Figures.record("slowloris: HEADER_TIMEOUT", HEADER_TIMEOUT_MS + " ms");
    Figures.record("slowloris: connection lifetime min / max", Collections.min(lifetimes) + " / "
        + Collections.max(lifetimes) + " ms");
    Figures.record("slowloris: legit p99 without attack", String.format("%.2f ms", p99Quiet / 1e6));
    Figures.record("slowloris: legit p99 during attack", String.format("%.2f ms", p99Attack / 1e6));

    assertThat(lifetimes).hasSize(ATTACKERS);
    assertThat(Collections.min(lifetimes)).as("never before the deadline").isGreaterThanOrEqualTo(HEADER_TIMEOUT_MS - 50);
    assertThat(Collections.max(lifetimes)).as("closed soon after the deadline").isLessThan(HEADER_TIMEOUT_MS + 3000);
    assertThat(attack.minBytesSent()).as("every attacker was still sending when cut")
        .isGreaterThanOrEqualTo((int) (HEADER_TIMEOUT_MS / TRICKLE_MS) - 1);
    assertThat(attack.responses()).as("nothing is answered to a head that never completed").isZero();
    assertThat(proxy.upstream().requests().size() - upstreamBefore)
        .as("only the real clients' requests reached the upstream").isEqualTo(underAttack.size());
    assertThat(underAttack.size()).isGreaterThanOrEqualTo(100);
    assertThat(p99Attack / MS).as("real clients' p99 under attack, ms").isLessThan(1000);
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedButARequestWaitingLongerThanTheTimeoutIsNot() {
    proxy.start(new JsonObject().put("HEADER_TIMEOUT", "500ms"));
    // The upstream takes four header timeouts to answer: the request is in progress, not idle.
    proxy.upstream().reply(Reply.delayed(Duration.ofMillis(2000), Reply.json("{\"ok\":true}")));

    try (RawHttp connection = RawHttp.connect(proxy.port())) {
      byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
      long sent = System.nanoTime();
      connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: proxy\r\ncontent-type: application/json\r\n"
          + "content-length: " + body.length + "\r\n\r\n").send(body);
      RawHttp.Response response = connection.read(false);
      long answered = System.nanoTime();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).isEqualTo("{\"ok\":true}");
      assertThat((answered - sent) / MS).as("ms the request waited").isGreaterThanOrEqualTo(1900);

      // Kept alive, then idle: closed one header timeout after the response ended.
      byte[] rest = connection.untilEof();
      long idle = (System.nanoTime() - answered) / MS;
      assertThat(rest).isEmpty();
      assertThat(idle).as("ms from the response to the close").isBetween(400L, 4000L);
    }
  }

  @Test
  void aConnectionThatNeverSendsAByteIsClosedAtTheDeadlineFromItsOpening() {
    proxy.start(new JsonObject().put("HEADER_TIMEOUT", "500ms"));

    try (RawHttp connection = RawHttp.connect(proxy.port())) {
      long opened = System.nanoTime();
      byte[] received = connection.untilEof();
      long lifetime = (System.nanoTime() - opened) / MS;

      assertThat(received).isEmpty();
      assertThat(lifetime).as("ms from connect to close").isBetween(450L, 4000L);
    }
    assertThat(proxy.upstream().acceptedConnections()).isZero();
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** Closed-loop load: {@code concurrency} clients, each sending its next request when its last is answered. */
  static final class Load {

    /**
     * Runs until at least {@code min} requests were answered and {@code until} (if given) has
     * completed; fails on any answer but 200. Completes with every request's latency in ns.
     */
    static Future<List<Long>> run(Vertx vertx, HttpClient client, int concurrency, int min, Future<?> until) {
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      AtomicInteger answered = new AtomicInteger();
      List<Future<Void>> workers = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        Promise<Void> done = Promise.promise();
        workers.add(done.future());
        vertx.runOnContext(v -> next(client, latencies, answered, min, until, done));
      }
      return Future.all(workers).map(v -> List.copyOf(latencies));
    }

    private static void next(HttpClient client, ConcurrentLinkedQueue<Long> latencies, AtomicInteger answered,
                             int min, Future<?> until, Promise<Void> done) {
      if (answered.get() >= min && (until == null || until.isComplete())) {
        done.tryComplete();
        return;
      }
      long start = System.nanoTime();
      client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
              .putHeader("content-type", "application/json"))
          .compose(req -> req.send(BODY))
          .compose(resp -> resp.body().map(b -> resp.statusCode()))
          .onComplete(ar -> {
            if (ar.failed() || ar.result() != 200) {
              done.tryFail(ar.failed() ? ar.cause().toString() : "status " + ar.result());
              return;
            }
            latencies.add(System.nanoTime() - start);
            answered.incrementAndGet();
            next(client, latencies, answered, min, until, done);
          });
    }
  }

  /** Raw TCP connections that send a request head one byte at a time and never finish it. */
  static final class Attack {
    private static final byte[] HEAD = ("POST /v1/chat/completions HTTP/1.1\r\nHost: proxy\r\n"
        + "content-type: application/json\r\nx-padding: " + "a".repeat(4096)).getBytes(StandardCharsets.US_ASCII);

    private final List<Long> lifetimes = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> bytesSent = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger responses = new AtomicInteger();
    private final Promise<Void> allClosed = Promise.promise();
    private final Promise<Void> allConnected = Promise.promise();
    private final AtomicInteger connected = new AtomicInteger();

    static Attack start(Vertx vertx, int port, int count) {
      Attack attack = new Attack();
      NetClient net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
      for (int i = 0; i < count; i++) {
        long opening = System.nanoTime();
        net.connect(port, "127.0.0.1").onComplete(ar -> {
          if (ar.failed()) {
            attack.allConnected.tryFail(ar.cause());
            attack.allClosed.tryFail(ar.cause());
            return;
          }
          attack.trickle(vertx, ar.result(), opening, count);
          if (attack.connected.incrementAndGet() == count) {
            attack.allConnected.tryComplete();
          }
        });
      }
      return attack;
    }

    private void trickle(Vertx vertx, NetSocket socket, long opening, int count) {
      int[] sent = new int[1];
      AtomicBoolean open = new AtomicBoolean(true);
      socket.handler(data -> responses.incrementAndGet());
      long timer = vertx.setPeriodic(0, TRICKLE_MS, id -> {
        if (open.get() && sent[0] < HEAD.length) {
          socket.write(Buffer.buffer(new byte[] {HEAD[sent[0]++]}));
        }
      });
      socket.closeHandler(v -> {
        open.set(false);
        vertx.cancelTimer(timer);
        lifetimes.add((System.nanoTime() - opening) / MS);
        bytesSent.add(sent[0]);
        if (lifetimes.size() == count) {
          allClosed.tryComplete();
        }
      });
    }

    void awaitConnected() {
      Await.result(allConnected.future(), Duration.ofSeconds(20));
    }

    Future<Void> allClosed() {
      return allClosed.future();
    }

    List<Long> lifetimesMillis() {
      return List.copyOf(lifetimes);
    }

    int minBytesSent() {
      return bytesSent.stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    int responses() {
      return responses.get();
    }
  }
}
