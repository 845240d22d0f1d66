package dev.factoryproxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.Await;
import dev.factoryproxy.testing.ProxyExtension;
import dev.factoryproxy.testing.Recorded;
import dev.factoryproxy.testing.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that reads slowly slows the upstream down instead of making the proxy hold the
 * difference: the proxy stops reading from Factory while its write queue to the client is
 * full, so memory per stream stays bounded whatever the stream's size.
 *
 * <p>The mock writes a stream far larger than the sockets in between can hold, as fast as its
 * own write queue allows, and notes when it has had to wait for a drain for a long time. A
 * proxy that kept reading while the client was paused would drain the mock continuously, and
 * the mock would write the whole stream without ever stalling.
 */
class BackpressureTest {

  private static final int CHUNK = 64 * 1024;
  private static final long TOTAL = 48L * 1024 * 1024;
  /** Waiting this long for a drain means the reader upstream of the mock has stopped reading. */
  private static final long STALL_MILLIS = 400;

  @RegisterExtension
  final ProxyExtension proxy = ProxyExtension.startedByTest();

  @Test
  void aPausedClientStallsTheUpstreamAndEveryByteArrivesOnceResumed() {
    proxy.start();
    Firehose firehose = new Firehose(TOTAL);
    proxy.upstream().reply(firehose);

    SlowReader reader = SlowReader.start(proxy.client(), "/v1/responses");
    long stalledAt = firehose.awaitStall();
    Recorded request = proxy.upstream().nextRequest();

    // Everything the mock managed to write while the client read nothing sits in socket
    // buffers and queues between the two; a proxy buffering the stream would hold it all.
    assertThat(stalledAt).as("bytes the upstream wrote before it was throttled").isLessThan(TOTAL / 2);
    assertThat(request.closedEarly().isComplete()).isFalse();

    reader.resume();
    long crc = Await.result(firehose.finished(), Duration.ofSeconds(20));
    Await.result(reader.done(), Duration.ofSeconds(20));

    assertThat(reader.received()).isEqualTo(TOTAL);
    assertThat(reader.crc()).isEqualTo(crc);
  }

  @Test
  void backpressureIsNotIdlenessForTheStreamIdleTimeout() {
    // While the client is paused the proxy reads nothing from the upstream for at least
    // STALL_MILLIS, twice the idle timeout; that silence is the proxy's own doing, not the
    // upstream's, and must not cut the stream.
    proxy.start(new JsonObject().put("STREAM_IDLE_TIMEOUT", "200ms"));
    Firehose firehose = new Firehose(TOTAL / 2);
    proxy.upstream().reply(firehose);

    SlowReader reader = SlowReader.start(proxy.client(), "/v1/messages");
    firehose.awaitStall();
    reader.resume();
    long crc = Await.result(firehose.finished(), Duration.ofSeconds(20));
    Await.result(reader.done(), Duration.ofSeconds(20));

    assertThat(reader.received()).isEqualTo(TOTAL / 2);
    assertThat(reader.crc()).isEqualTo(crc);
  }

  /**
   * Writes {@code total} bytes of a position-dependent pattern as fast as the response's write
   * queue accepts them, waiting for drain when it is full.
   */
  static final class Firehose implements Reply {
    private final long total;
    private final Promise<Long> stalled = Promise.promise();
    private final Promise<Long> finished = Promise.promise();
    private final CRC32 crc = new CRC32();
    private long written;
    private long chunkIndex;

    Firehose(long total) {
      this.total = total;
    }

    /**
     * The bytes written when the mock first waited {@link #STALL_MILLIS} for a drain; fails
     * at once if the whole stream could be written without such a wait.
     */
    long awaitStall() {
      Await.result(Future.any(stalled.future(), finished.future()), Duration.ofSeconds(10));
      assertThat(stalled.future().isComplete())
          .as("the upstream was throttled before it could write all %d bytes", total)
          .isTrue();
      return stalled.future().result();
    }

    /** Completes with the CRC-32 of the whole stream once it has all been written. */
    Future<Long> finished() {
      return finished.future();
    }

    @Override
    public void serve(Vertx vertx, Recorded request, HttpServerResponse response, Runnable done) {
      response.setChunked(true).putHeader("content-type", "text/event-stream");
      response.writeHead();
      pump(vertx, response, done);
    }

    private void pump(Vertx vertx, HttpServerResponse response, Runnable done) {
      if (response.closed()) {
        return;
      }
      while (written < total && !response.writeQueueFull()) {
        Buffer chunk = pattern(chunkIndex++, (int) Math.min(CHUNK, total - written));
        crc.update(chunk.getBytes());
        written += chunk.length();
        response.write(chunk);
      }
      if (written == total) {
        done.run();
        response.end();
        finished.tryComplete(crc.getValue());
        return;
      }
      long waitingSince = written;
      long timer = vertx.setTimer(STALL_MILLIS, id -> stalled.tryComplete(waitingSince));
      response.drainHandler(v -> {
        vertx.cancelTimer(timer);
        pump(vertx, response, done);
      });
    }

    static Buffer pattern(long index, int length) {
      byte[] bytes = new byte[length];
      for (int i = 0; i < length; i++) {
        bytes[i] = (byte) (i * 31 + index * 7 + (i >> 8));
      }
      return Buffer.buffer(bytes);
    }
  }

  /** A client that pauses the response as soon as its headers arrive, until told to read. */
  static final class SlowReader {
    private final AtomicLong received = new AtomicLong();
    private final CRC32 crc = new CRC32();
    private final Promise<Void> done = Promise.promise();
    private final Promise<HttpClientResponse> response = Promise.promise();
    private volatile Context context;

    static SlowReader start(HttpClient client, String uri) {
      SlowReader reader = new SlowReader();
      client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(uri)
              .putHeader("content-type", "application/json"))
          .compose(req -> req.send("{\"model\":\"m\",\"stream\":true}"))
          .onFailure(reader.done::tryFail)
          .onSuccess(resp -> {
            resp.pause();
            reader.context = Vertx.currentContext();
            resp.handler(chunk -> {
              synchronized (reader.crc) {
                reader.crc.update(chunk.getBytes());
              }
              reader.received.addAndGet(chunk.length());
            });
            resp.exceptionHandler(reader.done::tryFail);
            resp.endHandler(v -> reader.done.tryComplete());
            reader.response.complete(resp);
          });
      return reader;
    }

    long received() {
      return received.get();
    }

    long crc() {
      synchronized (crc) {
        return crc.getValue();
      }
    }

    /** Resumes on the response's own event loop, where its handlers run. */
    void resume() {
      HttpClientResponse resp = Await.result(response.future());
      context.runOnContext(v -> resp.resume());
    }

    Future<Void> done() {
      return done.future();
    }
  }
}
