package dev.factoryproxy.upstream.impl;

import dev.factoryproxy.stream.DeadlineSweeper;
import dev.factoryproxy.stream.IdleTimeoutStream;
import dev.factoryproxy.translate.ErrorBodies;
import dev.factoryproxy.translate.Formats;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.TranslatingStream;
import dev.factoryproxy.translate.Translation;
import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.UpstreamError;
import dev.factoryproxy.translate.model.CompleteMessage;
import dev.factoryproxy.translate.model.Event;
import dev.factoryproxy.translate.model.Usage;
import dev.factoryproxy.upstream.HeaderPolicy;
import dev.factoryproxy.upstream.UpstreamFailures;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * The answer to a translated request, on its way back: an event stream is translated event by
 * event as it arrives (backpressure kept: a slow client pauses Factory); a whole answer is read,
 * translated and sent; an error keeps its status, {@code Retry-After} and rate-limit headers and
 * Factory's message, in the client's error shape.
 */
final class TranslatedAnswer {

  /** A whole answer or error is held to be translated; Factory's are far smaller than this. */
  private static final int MAX_WHOLE_BYTES = 64 << 20;
  /** One event of a stream is held at most; a larger one is a broken stream. */
  private static final int MAX_EVENT_BYTES = 16 << 20;

  private final Translation translation;
  private final Formats formats;
  private final DeadlineSweeper sweeper;
  private final long idleMillis;

  TranslatedAnswer(Translation translation, Formats formats, DeadlineSweeper sweeper, long idleMillis) {
    this.translation = translation;
    this.formats = formats;
    this.sweeper = sweeper;
    this.idleMillis = idleMillis;
  }

  /**
   * @param abort called when the answer breaks after headers went out, or before: the caller
   *     answers 502 if nothing was sent, else cuts the connection
   */
  void relay(HttpClientResponse response, HttpServerResponse out, Consumer<Usage> usage, Handler<Throwable> abort) {
    ReadStream<Buffer> body = IdleTimeoutStream.wrap(sweeper, response, idleMillis);
    int status = response.statusCode();
    if (status >= 200 && status < 300 && isEventStream(response.getHeader(HttpHeaders.CONTENT_TYPE))) {
      stream(response, body, out, usage, abort);
    } else {
      whole(response, body, out, usage, abort);
    }
  }

  private void stream(HttpClientResponse response, ReadStream<Buffer> body, HttpServerResponse out,
                      Consumer<Usage> usage, Handler<Throwable> abort) {
    TranslationContext context = translation.context();
    out.setStatusCode(response.statusCode());
    copyHeaders(response.headers(), out.headers());
    out.headers()
        .set(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .set(HttpHeaders.CACHE_CONTROL, "no-cache")
        .set("x-accel-buffering", "no");
    out.setChunked(true);
    // A model may think a while before its first event; the client learns of the 200 now.
    out.writeHead();
    TranslatingStream translated = TranslatingStream.create(body, translation.upstream().decoder(context),
        translation.client().encoder(context), MAX_EVENT_BYTES, event -> {
          if (event instanceof Event.Start start) {
            usage.accept(start.usage());
          } else if (event instanceof Event.Finish finish) {
            usage.accept(finish.usage());
          }
        });
    translated.pipe()
        .endOnFailure(false)
        .endOnSuccess(false)
        .to(out)
        .onSuccess(v -> {
          if (translated.upstreamFinished()) {
            out.end();
          } else {
            // Factory ended the body before its stream's last event: for the client that is a cut,
            // and an invented message_stop or [DONE] would turn it into a complete answer.
            abort.handle(new StreamCutException());
          }
        })
        .onFailure(abort);
  }

  private void whole(HttpClientResponse response, ReadStream<Buffer> body, HttpServerResponse out,
                     Consumer<Usage> usage, Handler<Throwable> abort) {
    Buffer collected = Buffer.buffer();
    body.exceptionHandler(abort);
    body.handler(chunk -> {
      if (collected.length() + chunk.length() > MAX_WHOLE_BYTES) {
        body.handler(null);
        abort.handle(new IllegalStateException("answer larger than " + MAX_WHOLE_BYTES + " bytes"));
        return;
      }
      collected.appendBuffer(chunk);
    });
    body.endHandler(v -> {
      Buffer translated;
      int status = response.statusCode();
      try {
        translated = status >= 200 && status < 300 ? answer(collected, usage) : error(status, collected);
      } catch (RuntimeException e) {
        // TranslationException for JSON that is not an answer; anything else is an answer of a shape
        // the reader did not expect: either way the client gets a 502, not a half-built answer.
        abort.handle(UpstreamFailures.malformedResponse("its JSON could not be translated: " + e.getMessage()));
        return;
      }
      out.setStatusCode(status);
      copyHeaders(response.headers(), out.headers());
      out.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
      out.end(translated);
    });
  }

  private Buffer answer(Buffer upstreamBody, Consumer<Usage> usage) {
    TranslationContext context = translation.context();
    CompleteMessage message = translation.upstream().readResponse(JsonTrees.parse(upstreamBody), context);
    usage.accept(message.usage());
    return JsonTrees.buffer(translation.client().writeResponse(message, context));
  }

  private Buffer error(int status, Buffer upstreamBody) {
    UpstreamError error = ErrorBodies.read(upstreamBody, formats, translation.context().upstream());
    return ErrorBodies.render(translation.context().client(), status, error);
  }

  /** Factory's headers but those that described the body it sent: ours is another. */
  private static void copyHeaders(MultiMap upstream, MultiMap client) {
    HeaderPolicy.copyToClient(upstream, client);
    client.remove(HttpHeaders.CONTENT_LENGTH).remove(HttpHeaders.CONTENT_ENCODING).remove(HttpHeaders.CONTENT_TYPE)
        .remove(HttpHeaders.ETAG);
  }

  /** An upstream stream that ended without its terminal event. */
  static final class StreamCutException extends RuntimeException {
    StreamCutException() {
      super("Factory's stream ended before its last event", null, false, false);
    }
  }

  static boolean isEventStream(String contentType) {
    return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
  }
}
