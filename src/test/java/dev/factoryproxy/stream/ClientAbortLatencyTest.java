package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ClientExchange;
import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.LoggedErrors;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that leaves costs its owner nothing more: however often it happens, the proxy
 * closes the upstream connection at once (the model stops generating for nobody), keeps no
 * connection, pool slot or memory for it, and serves the next client as if nothing happened.
 * Measured over {@value #ABORTS} aborts of each kind: before the first response byte,
 * mid-stream, and mid-stream by a TCP reset.
 */
class ClientAbortLatencyTest {

  private static final int ABORTS = 200;
  private static final int WARM_UP = 20;
  private static final int POOL = 4;
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String BODY = "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"max_tokens\":64}";
  private static final String EVENT = "event: ping\ndata: {\"type\":\"ping\"}\n\n";

  // A small pool: a slot an abort leaked would show as a request that cannot get a connection.
  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.with(new JsonObject()
      .put("UPSTREAM_POOL_SIZE", POOL).put("CONNECT_TIMEOUT", "3s"));
  @RegisterExtension
  final LoggedErrors logged = new LoggedErrors();

  @Test
  void everyAbortResetsTheUpstreamPromptlyAndLeavesNothingBehind() throws Exception {
    MockFactory upstream = proxy.upstream();
    // Held requests (first byte never comes) and stalled streams (one event, then silence)
    // only end when the proxy closes their connection.
    upstream.reply(r -> r.uri().contains("midstream") ? Reply.sseThenStall(List.of(EVENT)) : Reply.hang());
    for (int i = 0; i < WARM_UP; i++) {
      abortBeforeFirstByte();
      abortMidStream(false);
      abortMidStream(true);
    }
    long heapBefore = Await.heapAfterGc();

    long[] beforeFirstByte = new long[ABORTS];
    long[] midStream = new long[ABORTS];
    long[] midStreamReset = new long[ABORTS];
    for (int i = 0; i < ABORTS; i++) {
      beforeFirstByte[i] = abortBeforeFirstByte();
      midStream[i] = abortMidStream(false);
      midStreamReset[i] = abortMidStream(true);
    }

    assertThat(upstream.awaitOpenConnectionsAtMost(0, BOUND))
        .as("upstream connections still open after %d aborts: %d", 3 * (ABORTS + WARM_UP), upstream.openConnections())
        .isTrue();
    long heapGrowth = Await.heapAfterGc() - heapBefore;
    record("before first byte", beforeFirstByte);
    record("mid-stream", midStream);
    record("mid-stream by TCP reset", midStreamReset);
    Figures.record("heap growth after " + 3 * ABORTS + " aborts (after GC)",
        String.format(Locale.ROOT, "%.1f MiB", heapGrowth / 1048576.0));
    // 100 ms is the target; the machine running the suite is shared, so the assertion leaves
    // room for a scheduling hiccup while the figure reports what was measured.
    assertThat(percentile(beforeFirstByte, 99)).as("p99 ms, abort before first byte").isLessThan(100.0);
    assertThat(percentile(midStream, 99)).as("p99 ms, abort mid-stream").isLessThan(100.0);
    assertThat(percentile(midStreamReset, 99)).as("p99 ms, abort mid-stream by reset").isLessThan(100.0);
    assertThat(heapGrowth).as("heap growth in bytes over %d aborts", 3 * ABORTS).isLessThan(32L << 20);
    allPoolSlotsServeAgain(upstream);
    // A client leaving, politely or not, is routine: nothing for an operator to look at.
    assertThat(logged.lines()).as("warnings and errors logged").isEmpty();
  }

  /** The pool's every slot is free: {@value #POOL} streams can hold a connection each, at once. */
  private void allPoolSlotsServeAgain(MockFactory upstream) {
    int acceptedBefore = upstream.acceptedConnections();
    List<ClientExchange> held = new ArrayList<>();
    for (int i = 0; i < POOL; i++) {
      held.add(ClientExchange.post(proxy.client(), "/v1/messages?midstream&held=" + i, BODY));
    }
    for (ClientExchange call : held) {
      assertThat(Await.result(call.response(), BOUND).statusCode()).isEqualTo(200);
      call.awaitEvents(1, BOUND);
    }
    assertThat(upstream.acceptedConnections() - acceptedBefore).isEqualTo(POOL);
    held.forEach(ClientExchange::disconnect);
    assertThat(upstream.awaitOpenConnectionsAtMost(0, BOUND)).isTrue();
  }

  /** Sends a whole request, waits until it reached upstream, leaves; ms until the upstream saw the close. */
  private long abortBeforeFirstByte() throws IOException {
    try (Socket client = connect()) {
      send(client, "/v1/messages");
      CompletableFuture<Long> upstreamClosed = closedAt(proxy.upstream().nextRequest());
      return sinceClose(client, upstreamClosed);
    }
  }

  /**
   * Sends a request, reads its first event, leaves (closing, or resetting the connection as a
   * killed client's kernel may); ms until the upstream saw the close.
   */
  private long abortMidStream(boolean reset) throws IOException {
    try (Socket client = connect()) {
      if (reset) {
        client.setSoLinger(true, 0);
      }
      send(client, "/v1/messages?midstream");
      CompletableFuture<Long> upstreamClosed = closedAt(proxy.upstream().nextRequest());
      readUntil(client.getInputStream(), EVENT);
      return sinceClose(client, upstreamClosed);
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    socket.setSoTimeout((int) BOUND.toMillis());
    socket.setTcpNoDelay(true);
    return socket;
  }

  private static void send(Socket client, String uri) throws IOException {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    client.getOutputStream().write(("POST " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    client.getOutputStream().write(body);
    client.getOutputStream().flush();
  }

  /** The moment the mock saw the proxy close this request's connection (on the mock's event loop). */
  private static CompletableFuture<Long> closedAt(Recorded request) {
    CompletableFuture<Long> at = new CompletableFuture<>();
    request.closedEarly().onComplete(v -> at.complete(System.nanoTime()));
    return at;
  }

  private static long sinceClose(Socket client, CompletableFuture<Long> upstreamClosed) throws IOException {
    long closed = System.nanoTime();
    client.close();
    try {
      return upstreamClosed.get(BOUND.toMillis(), TimeUnit.MILLISECONDS) - closed;
    } catch (Exception e) {
      throw new AssertionError("the upstream connection was not closed within " + BOUND + " of the client leaving", e);
    }
  }

  private static void readUntil(InputStream in, String marker) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new AssertionError("the stream ended before its first event: " + seen.toString(StandardCharsets.UTF_8));
      }
      seen.write(buffer, 0, n);
    }
  }


  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static void record(String kind, long[] nanos) {
    Figures.record("disconnect→upstream reset, " + kind + ", " + nanos.length + " aborts",
        String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
            percentile(nanos, 50), percentile(nanos, 99), Arrays.stream(nanos).max().orElse(0) / 1e6));
  }
}
