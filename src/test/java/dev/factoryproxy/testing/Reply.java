package dev.factoryproxy.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the mock upstream answers a request. Factories cover what a real LLM API does (JSON,
 * a paced SSE stream, any status with any headers) and how it misbehaves (hanging, late
 * headers, dying mid-stream).
 */
@FunctionalInterface
public interface Reply {

  /**
   * @param done call when the reply is complete: the mock stops counting a later close as early
   */
  void serve(Vertx vertx, Recorded request, HttpServerResponse response, Runnable done);

  static Reply json(int status, String body, Map<String, String> headers) {
    return (vertx, request, response, done) -> {
      response.setStatusCode(status).putHeader("content-type", "application/json");
      headers.forEach(response::putHeader);
      done.run();
      response.end(body);
    };
  }

  static Reply json(String body) {
    return json(200, body, Map.of());
  }

  /** Answers with whatever body the request carried, to compare bytes end to end. */
  static Reply echo() {
    return (vertx, request, response, done) -> {
      response.putHeader("content-type", "application/json");
      done.run();
      response.end(request.body());
    };
  }

  /** Sends each chunk as written, {@code interval} apart, then ends (chunked encoding). */
  static Reply chunks(String contentType, List<Buffer> chunks, Duration interval) {
    return (vertx, request, response, done) -> {
      response.setChunked(true).putHeader("content-type", contentType);
      response.writeHead();
      writeSpaced(vertx, response, chunks, 0, interval, () -> {
        done.run();
        response.end();
      });
    };
  }

  /** A server-sent event stream, one event per chunk, {@code interval} apart. */
  static Reply sse(List<String> events, Duration interval) {
    return chunks("text/event-stream", events.stream().map(Buffer::buffer).toList(), interval);
  }

  /** Sends {@code events}, then kills the connection as a crashing upstream would. */
  static Reply sseThenDrop(List<String> events, Duration interval) {
    return (vertx, request, response, done) -> {
      response.setChunked(true).putHeader("content-type", "text/event-stream");
      response.writeHead();
      writeSpaced(vertx, response, events.stream().map(Buffer::buffer).toList(), 0, interval, () -> {
        done.run();
        response.reset();
      });
    };
  }

  /** Sends response headers, then {@code events}, then goes silent without ending. */
  static Reply sseThenStall(List<String> events) {
    return (vertx, request, response, done) -> {
      response.setChunked(true).putHeader("content-type", "text/event-stream");
      response.writeHead();
      events.forEach(e -> response.write(e));
    };
  }

  /** Never answers. */
  static Reply hang() {
    return (vertx, request, response, done) -> { };
  }

  /** Waits, then answers as {@code then}. */
  static Reply delayed(Duration delay, Reply then) {
    return (vertx, request, response, done) ->
        vertx.setTimer(delay.toMillis(), id -> {
          if (!response.closed()) {
            then.serve(vertx, request, response, done);
          }
        });
  }

  /** Closes the connection without a response. */
  static Reply closeConnection() {
    return (vertx, request, response, done) -> {
      done.run();
      response.reset();
    };
  }

  static Buffer utf8(String text) {
    return Buffer.buffer(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeSpaced(Vertx vertx, HttpServerResponse response, List<Buffer> chunks, int index,
                                  Duration interval, Runnable then) {
    if (response.closed()) {
      return;
    }
    if (index == chunks.size()) {
      then.run();
      return;
    }
    response.write(chunks.get(index));
    if (interval.isZero()) {
      writeSpaced(vertx, response, chunks, index + 1, interval, then);
    } else {
      vertx.setTimer(interval.toMillis(), id -> writeSpaced(vertx, response, chunks, index + 1, interval, then));
    }
  }
}
