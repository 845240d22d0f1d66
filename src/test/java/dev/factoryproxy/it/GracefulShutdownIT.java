package dev.factoryproxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.MockFactory;
import dev.factoryproxy.testing.RawPost;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM to {@code java -jar target/factory-proxy.jar}: the proxy stops accepting connections at
 * once, lets the streams in flight run to their end for up to SHUTDOWN_TIMEOUT, cuts what is
 * still running then (visibly: no terminating chunk), logs one line saying how it went, and
 * exits 0.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulShutdownIT extends ProcessTestSupport {

  private static final String BODY = "{\"model\":\"claude-it\",\"max_tokens\":8,\"stream\":true,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private final ExecutorService clients = Executors.newCachedThreadPool();

  @AfterEach
  void stopClients() {
    clients.shutdownNow();
  }

  @Test
  void streamsInFlightFinishWithinTheDeadlineWhileNewConnectionsAreRefusedAndTheExitIsZero(Vertx vertx)
      throws Exception {
    int streams = 8;
    List<String> events = events(30);
    // 30 events 100 ms apart: each stream still has about 2.5 s to go when SIGTERM comes.
    MockFactory upstream = MockFactory.start(vertx).reply(Reply.sse(events, Duration.ofMillis(100)));
    ProxyProcess proxy = start(ProxyProcess.jar(workDir(upstream, "20s")));
    int port = http.awaitServing(proxy, START);

    List<Future<RawPost.Response>> calls = startStreams(port, streams);
    for (int i = 0; i < streams; i++) {
      upstream.nextRequest();
    }
    long sigterm = System.nanoTime();
    proxy.terminate();

    long refusedAfter = awaitRefused(port, Duration.ofSeconds(15)) - sigterm;
    List<RawPost.Response> responses = new ArrayList<>();
    for (Future<RawPost.Response> call : calls) {
      responses.add(call.get(30, TimeUnit.SECONDS));
    }
    int exit = proxy.awaitExit(Duration.ofSeconds(40));
    long exitedAfter = System.nanoTime() - sigterm;

    String expected = String.join("", events);
    long completed = responses.stream()
        .filter(r -> r.status() == 200 && r.terminated()
            && new String(r.data(), StandardCharsets.UTF_8).equals(expected))
        .count();
    Figures.record("shutdown: streams completed within SHUTDOWN_TIMEOUT", completed + " / " + streams
        + String.format(" (%.0f%%)", 100.0 * completed / streams));
    Figures.record("shutdown: SIGTERM to connections refused", String.format("%.0f ms", refusedAfter / 1e6));
    Figures.record("shutdown: SIGTERM to exit, streams finishing", String.format("%.0f ms", exitedAfter / 1e6));

    assertThat(completed).as("streams that ended cleanly with every event").isEqualTo(streams);
    assertThat(refusedAfter / 1_000_000).as("ms from SIGTERM to refused connections")
        .isLessThan(exitedAfter / 1_000_000);
    assertThat(exit).as(proxy.tail()).isZero();
    assertThat(proxy.output()).as(proxy.tail())
        .contains("shut down: " + streams + " requests in flight, " + streams + " completed, 0 cut");
    // Logging outlived the drain: every stream that ended after SIGTERM has its access log line.
    assertThat(proxy.output().lines().filter(l -> l.contains("route=messages") && l.contains("outcome=ok")))
        .as(proxy.tail()).hasSize(streams);
  }

  @Test
  void streamsLongerThanTheDeadlineAreCutVisiblyAtItAndTheExitIsPrompt(Vertx vertx) throws Exception {
    int streams = 4;
    List<String> events = events(300);
    // 30 s streams against a 1 s deadline.
    MockFactory upstream = MockFactory.start(vertx).reply(Reply.sse(events, Duration.ofMillis(100)));
    ProxyProcess proxy = start(ProxyProcess.jar(workDir(upstream, "1s")));
    int port = http.awaitServing(proxy, START);

    List<Future<RawPost.Response>> calls = startStreams(port, streams);
    List<Recorded> requests = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      requests.add(upstream.nextRequest());
    }
    long sigterm = System.nanoTime();
    proxy.terminate();

    List<RawPost.Response> responses = new ArrayList<>();
    for (Future<RawPost.Response> call : calls) {
      responses.add(call.get(30, TimeUnit.SECONDS));
    }
    long cutAfter = System.nanoTime() - sigterm;
    int exit = proxy.awaitExit(Duration.ofSeconds(30));
    long exitedAfter = System.nanoTime() - sigterm;

    String expected = String.join("", events);
    for (RawPost.Response response : responses) {
      String received = new String(response.data(), StandardCharsets.UTF_8);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.terminated()).as("a cut stream never ends cleanly").isFalse();
      assertThat(expected).startsWith(received);
      assertThat(received.length()).isLessThan(expected.length());
    }
    for (Recorded request : requests) {
      // The cut reached Factory too: it stops generating for a client that is gone.
      request.closedEarly().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    Figures.record("shutdown: streams longer than a 1 s SHUTDOWN_TIMEOUT, cut after SIGTERM",
        String.format("%.0f ms", cutAfter / 1e6));
    Figures.record("shutdown: SIGTERM to exit, streams cut", String.format("%.0f ms", exitedAfter / 1e6));

    assertThat(cutAfter / 1_000_000).as("ms from SIGTERM to the cut").isBetween(900L, 10_000L);
    assertThat(exitedAfter / 1_000_000).as("ms from SIGTERM to exit").isLessThan(15_000L);
    assertThat(exit).as(proxy.tail()).isZero();
    assertThat(proxy.output()).as(proxy.tail())
        .contains("shut down: " + streams + " requests in flight, 0 completed, " + streams + " cut");
  }

  private Path workDir(MockFactory upstream, String shutdownTimeout) throws IOException {
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    Files.writeString(work.resolve(".env"), "FACTORY_AI_TOKEN=fct-shutdown-it\n"
        + "FACTORY_BASE_URL=" + upstream.baseUrl() + "\n"
        + "PORT=0\n"
        + "SHUTDOWN_TIMEOUT=" + shutdownTimeout + "\n");
    return work;
  }

  private List<Future<RawPost.Response>> startStreams(int port, int count) {
    List<Future<RawPost.Response>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(clients.submit(() -> RawPost.post(port, "/v1/messages", BODY, Duration.ofSeconds(60))));
    }
    return calls;
  }

  private static List<String> events(int count) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
          + "\"delta\":{\"type\":\"text_delta\",\"text\":\"t" + i + "\"}}\n\n");
    }
    events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return events;
  }

  /** Connects until the port refuses; returns {@link System#nanoTime()} of the first refusal. */
  private static long awaitRefused(int port, Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      } catch (ConnectException refused) {
        return System.nanoTime();
      } catch (IOException other) {
        // a timeout or reset is not yet a refusal
      }
      Thread.sleep(20);
    }
    throw new AssertionError("port " + port + " still accepted connections " + bound + " after SIGTERM");
  }
}
