package dev.factoryproxy.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST through the proxy as a client sees it: when the response headers came, every body
 * chunk with the moment it arrived, and whether the body ended cleanly or the connection was
 * cut. Handlers run on the client's event loop; the test thread reads through futures and
 * thread-safe fields.
 */
public final class ClientExchange {

  /** A piece of the body as the client's socket delivered it. */
  public record Chunk(long nanos, Buffer data) {
  }

  private final long startNanos = System.nanoTime();
  private final Promise<HttpClientRequest> request = Promise.promise();
  private final Promise<HttpClientResponse> response = Promise.promise();
  private final Promise<Buffer> body = Promise.promise();
  private final List<Chunk> chunks = new CopyOnWriteArrayList<>();
  private volatile long headersNanos;
  private volatile long finishedNanos;

  private ClientExchange() {
  }

  public static ClientExchange post(HttpClient client, String uri, String body) {
    return post(client, uri, Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)), jsonHeaders());
  }

  public static ClientExchange post(HttpClient client, String uri, Buffer body, MultiMap headers) {
    ClientExchange exchange = new ClientExchange();
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(uri).setHeaders(headers))
        .onFailure(exchange::failed)
        .onSuccess(req -> {
          exchange.request.complete(req);
          req.send(body).onComplete(ar -> {
            if (ar.failed()) {
              exchange.failed(ar.cause());
            } else {
              exchange.receive(ar.result());
            }
          });
        });
    return exchange;
  }

  private void failed(Throwable cause) {
    finishedNanos = System.nanoTime();
    response.tryFail(cause);
    body.tryFail(cause);
  }

  private void receive(HttpClientResponse resp) {
    headersNanos = System.nanoTime();
    Canary.inspect("the response head of a ClientExchange", resp.statusMessage() + "\n" + resp.headers());
    Buffer all = Buffer.buffer();
    resp.handler(chunk -> {
      chunks.add(new Chunk(System.nanoTime(), chunk));
      all.appendBuffer(chunk);
    });
    resp.exceptionHandler(err -> {
      finishedNanos = System.nanoTime();
      Canary.inspect("the body of a ClientExchange", all.getBytes());
      body.tryFail(err);
    });
    resp.endHandler(v -> {
      finishedNanos = System.nanoTime();
      Canary.inspect("the body of a ClientExchange", all.getBytes());
      body.tryComplete(all);
    });
    response.complete(resp);
  }

  public long startNanos() {
    return startNanos;
  }

  /** When the status line and headers arrived (after {@link #response()} completed). */
  public long headersNanos() {
    return headersNanos;
  }

  /** When the body ended or failed (after {@link #body()} completed). */
  public long finishedNanos() {
    return finishedNanos;
  }

  public Future<HttpClientRequest> request() {
    return request.future();
  }

  /** Completes with the status and headers, before the body. */
  public Future<HttpClientResponse> response() {
    return response.future();
  }

  /** The whole body on a clean end; fails when the connection was cut before the end. */
  public Future<Buffer> body() {
    return body.future();
  }

  public List<Chunk> chunks() {
    return List.copyOf(chunks);
  }

  /** Every byte received so far, whether or not the body ended cleanly. */
  public Buffer received() {
    Buffer all = Buffer.buffer();
    for (Chunk chunk : chunks) {
      all.appendBuffer(chunk.data());
    }
    return all;
  }

  /**
   * When each server-sent event was complete at the client: the arrival time of the chunk
   * that brought its terminating blank line. Events are assumed to end in {@code "\n\n"}.
   */
  public List<Long> eventArrivals() {
    List<Long> times = new ArrayList<>();
    byte previous = 0;
    for (Chunk chunk : chunks) {
      Buffer data = chunk.data();
      for (int i = 0; i < data.length(); i++) {
        byte b = data.getByte(i);
        if (b == '\n' && previous == '\n') {
          times.add(chunk.nanos());
          b = 0;
        }
        previous = b;
      }
    }
    return times;
  }

  /** Waits until the client holds at least {@code count} whole events, polling briefly. */
  public void awaitEvents(int count, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (eventArrivals().size() < count) {
      if (body.future().failed()) {
        throw new AssertionError("the stream was cut after " + eventArrivals().size() + " events, before " + count,
            body.future().cause());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the client did not receive " + count + " events within " + bound);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Closes the client's connection, as a user hitting stop or a crashed client would. */
  public void disconnect() {
    Await.result(request.future()).connection().close();
  }

  /** Waits for the body to fail, as it must when the stream was cut; fails the test otherwise. */
  public Throwable awaitCut(Duration bound) {
    try {
      Buffer clean = body.future().toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("the body ended cleanly but the stream must have been cut; received: "
          + clean.toString(StandardCharsets.UTF_8));
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the stream was neither cut nor ended within " + bound);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The headers of an ordinary JSON request. */
  public static MultiMap jsonHeaders() {
    return HttpHeaders.headers().add("content-type", "application/json");
  }
}
