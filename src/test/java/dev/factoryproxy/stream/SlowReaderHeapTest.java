package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.Figures;
import dev.factoryproxy.testing.ProxyExtension;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thousand clients read a fast stream a few bytes at a time. Backpressure holds the upstream
 * instead of the proxy's heap: each stream's upstream stalls once the small queues and socket
 * buffers between it and its client are full, and the proxy's heap grows by a bounded amount per
 * stream, nowhere near what the upstream would push.
 *
 * <p>The upstream here is a server of the test's own with a small send buffer, so the kernel
 * absorbs little and the stall shows quickly; it and the proxy share this JVM, so the heap and
 * direct-memory figures are upper bounds for the proxy alone.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowReaderHeapTest {

  private static final int CLIENTS = 1000;
  /** What each upstream stream would push if nothing held it back. */
  private static final long STREAM_BYTES = 16L << 20;
  private static final int CHUNK = 8 * 1024;
  /** A write queue full for this long means the reader behind it has stopped reading. */
  private static final long STALL_MILLIS = 300;
  private static final String BODY = "{\"model\":\"m\",\"stream\":true}";

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.startedByTest();

  @Test
  void aThousandSlowReadersHoldTheUpstreamNotTheProxysHeap() throws Exception {
    Firehoses upstream = Firehoses.start(proxy.vertx());
    proxy.start(new JsonObject().put("FACTORY_BASE_URL", "http://127.0.0.1:" + upstream.port() + "/api/llm"));

    long heapBefore = Await.heapAfterGc();
    long directBefore = directMemory();
    List<SocketChannel> clients = new ArrayList<>();
    ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(slowClient(proxy.port()));
      }
      // A few bytes from each client every 200 ms: about 160 B/s per stream, while the upstream
      // could send megabytes per second.
      AtomicLong read = new AtomicLong();
      reader.scheduleAtFixedRate(() -> nibble(clients, read), 0, 200, TimeUnit.MILLISECONDS);

      Await.condition("all " + CLIENTS + " upstream streams stalled", Duration.ofSeconds(45),
          () -> upstream.stalled() == CLIENTS);
      long heapDuring = Await.heapAfterGc();
      long directDuring = directMemory();
      long pushed = upstream.written();

      long heapPerStream = (heapDuring - heapBefore) / CLIENTS;
      long pushedPerStream = pushed / CLIENTS;
      Figures.record("slow readers: streams", CLIENTS + " clients reading ~32 B / 200 ms, SO_RCVBUF 4 KiB");
      Figures.record("slow readers: heap growth (after GC) total", mib(heapDuring - heapBefore));
      Figures.record("slow readers: heap growth per stream", kib(heapPerStream));
      if (directBefore >= 0) {
        Figures.record("slow readers: Netty direct memory growth per stream",
            kib((directDuring - directBefore) / CLIENTS));
      }
      Figures.record("slow readers: bytes upstream pushed per stream before stalling", kib(pushedPerStream));
      Figures.record("slow readers: bytes upstream would push per stream", kib(STREAM_BYTES));
      Figures.record("slow readers: heap to buffer every stream whole", mib(STREAM_BYTES * CLIENTS));

      assertThat(upstream.finished()).as("no upstream stream could write its whole body").isZero();
      assertThat(pushedPerStream).as("bytes each upstream got out before backpressure held it")
          .isLessThan(STREAM_BYTES / 4);
      assertThat(heapPerStream).as("heap growth per slow stream, bytes").isLessThan(1024L * 1024);
      assertThat(read.get()).as("the clients did read").isPositive();
    } finally {
      reader.shutdownNow();
      reader.awaitTermination(5, TimeUnit.SECONDS);
      for (SocketChannel client : clients) {
        client.close();
      }
    }
    // Clients gone: the proxy resets every upstream stream, so no upstream connection stays open.
    Await.condition("every upstream connection closed", Duration.ofSeconds(30), () -> upstream.open() == 0);
  }

  private static SocketChannel slowClient(int port) throws IOException {
    SocketChannel channel = SocketChannel.open();
    // Set before connecting, so the window the client advertises stays small.
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
    channel.connect(new InetSocketAddress("127.0.0.1", port));
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    String head = "POST /v1/messages HTTP/1.1\r\nHost: proxy\r\ncontent-type: application/json\r\n"
        + "content-length: " + body.length + "\r\n\r\n";
    ByteBuffer request = ByteBuffer.allocate(head.length() + body.length)
        .put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
    while (request.hasRemaining()) {
      channel.write(request);
    }
    channel.configureBlocking(false);
    return channel;
  }

  private static void nibble(List<SocketChannel> clients, AtomicLong read) {
    ByteBuffer buffer = ByteBuffer.allocate(32);
    for (SocketChannel client : clients) {
      try {
        buffer.clear();
        int n = client.read(buffer);
        if (n > 0) {
          read.addAndGet(n);
        }
      } catch (IOException e) {
        // a cut connection is seen in the assertions, not here
      }
    }
  }


  /** Direct memory of Netty's default allocator (Vert.x's pooled one), or -1 if it tells none. */
  private static long directMemory() {
    return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider
        ? provider.metric().usedDirectMemory() : -1;
  }


  private static String kib(long bytes) {
    return String.format("%.1f KiB", bytes / 1024.0);
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024));
  }

  /** An upstream whose every response is an event stream written as fast as its queue allows. */
  static final class Firehoses {
    private final HttpServer server;
    private final AtomicLong written = new AtomicLong();
    private final AtomicInteger stalled = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    private Firehoses(HttpServer server) {
      this.server = server;
    }

    static Firehoses start(Vertx vertx) {
      // A small send buffer keeps what the kernel absorbs per stream small (no autotuning).
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSendBufferSize(16 * 1024));
      Firehoses firehoses = new Firehoses(server);
      Buffer chunk = Buffer.buffer("data: " + "x".repeat(CHUNK - 8) + "\n\n");
      server.connectionHandler(connection -> {
        firehoses.open.incrementAndGet();
        connection.closeHandler(v -> firehoses.open.decrementAndGet());
      });
      server.requestHandler(request -> request.body().onSuccess(body -> {
        HttpServerResponse response = request.response();
        response.setChunked(true).putHeader("content-type", "text/event-stream").writeHead();
        firehoses.pump(vertx, response, chunk, new long[1], new boolean[1]);
      }));
      Await.result(server.listen(0, "127.0.0.1"));
      return firehoses;
    }

    private void pump(Vertx vertx, HttpServerResponse response, Buffer chunk, long[] sent, boolean[] stalledOnce) {
      if (response.closed()) {
        return;
      }
      while (sent[0] < STREAM_BYTES && !response.writeQueueFull()) {
        response.write(chunk);
        sent[0] += chunk.length();
        written.addAndGet(chunk.length());
      }
      if (sent[0] >= STREAM_BYTES) {
        finished.incrementAndGet();
        response.end();
        return;
      }
      long timer = vertx.setTimer(STALL_MILLIS, id -> {
        if (!stalledOnce[0]) {
          stalledOnce[0] = true;
          stalled.incrementAndGet();
        }
      });
      response.drainHandler(v -> {
        vertx.cancelTimer(timer);
        pump(vertx, response, chunk, sent, stalledOnce);
      });
    }

    int port() {
      return server.actualPort();
    }

    long written() {
      return written.get();
    }

    int stalled() {
      return stalled.get();
    }

    int finished() {
      return finished.get();
    }

    int open() {
      return open.get();
    }
  }
}
