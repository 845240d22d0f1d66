package dev.factoryproxy.translate;

import dev.factoryproxy.translate.sse.SseFramer;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The client's side of a translated stream: reads the upstream's server-sent events and
 * delivers them in the client's format, one upstream chunk at a time. Each chunk goes through
 * the framer, the decoder (into common events) and the encoder, and whatever client bytes it
 * produced leave as one buffer at once; a chunk that completes no event produces nothing.
 *
 * <p>Flow control is the source's: pause, resume and fetch go straight to it, so a slow client
 * stops the reading from Factory and memory stays bounded by one chunk plus one partial event.
 * In fetch mode a chunk that yields nothing gives its demand back to the source, so a reader
 * asking for one buffer gets one and never waits on a keep-alive.
 *
 * <p>The end is the upstream's terminal event, or the upstream's end, with no terminator
 * invented: a stream cut before its terminal event just ends, and {@link #upstreamFinished()}
 * tells the caller whether to cut the client. A failure to translate reaches the exception handler as a
 * {@link StreamTranslationException}, the source's handlers are detached and nothing more is
 * delivered. The events the failing chunk completed before the bad one are delivered first,
 * but never part of one, so the client only ever gets whole events and the cut falls at the
 * same event however the network split the bytes. Event-loop confined, like its source.
 *
 * <p>Wrap a source that is flowing (as a fresh {@code HttpClientResponse} is) and steer it only
 * through this stream from then on: the demand mirrored here starts as "flowing".
 */
public final class TranslatingStream implements ReadStream<Buffer> {

  private final ReadStream<Buffer> source;
  private final SseFramer framer;
  private final StreamDecoder decoder;
  private final StreamEncoder encoder;
  private final EventSink tap;
  /** Our reader's demand, mirrored so an empty chunk can hand its unit back; MAX_VALUE = flowing. */
  private long demand = Long.MAX_VALUE;
  private boolean failed;
  private boolean ended;
  private Handler<Void> endHandler;
  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;

  private TranslatingStream(ReadStream<Buffer> source, StreamDecoder decoder, StreamEncoder encoder,
                            int maxEventBytes, EventSink tap) {
    this.source = source;
    this.framer = new SseFramer(maxEventBytes);
    this.decoder = decoder;
    this.encoder = encoder;
    this.tap = tap;
  }

  /**
   * @param source the upstream body (an {@code HttpClientResponse}, possibly wrapped)
   * @param maxEventBytes the largest upstream event held before the stream is failed
   * @param tap sees every common event before it is encoded (usage, metrics); may be {@code null}
   */
  public static TranslatingStream create(ReadStream<Buffer> source, StreamDecoder decoder, StreamEncoder encoder,
                                         int maxEventBytes, EventSink tap) {
    return new TranslatingStream(source, decoder, encoder, maxEventBytes, tap);
  }

  /** Whether the upstream sent its terminal event; a stream that ended without it was cut. */
  public boolean upstreamFinished() {
    return decoder.finished();
  }

  @Override
  public TranslatingStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    if (!failed) {
      source.handler(handler == null ? null : this::translate);
    }
    return this;
  }

  @Override
  public TranslatingStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    source.exceptionHandler(handler == null ? null : err -> {
      if (!failed) {
        handler.handle(err);
      }
    });
    return this;
  }

  @Override
  public TranslatingStream endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    if (!failed) {
      source.endHandler(handler == null ? null : v -> end());
    }
    return this;
  }

  private void end() {
    if (!failed && !ended) {
      ended = true;
      Handler<Void> h = endHandler;
      if (h != null) {
        h.handle(null);
      }
    }
  }

  @Override
  public TranslatingStream pause() {
    demand = 0;
    source.pause();
    return this;
  }

  @Override
  public TranslatingStream resume() {
    demand = Long.MAX_VALUE;
    source.resume();
    return this;
  }

  @Override
  public TranslatingStream fetch(long amount) {
    if (amount > 0 && demand != Long.MAX_VALUE) {
      demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
    }
    source.fetch(amount);
    return this;
  }

  private void translate(Buffer chunk) {
    if (failed) {
      return;
    }
    Buffer out = Buffer.buffer();
    int[] whole = {0};
    try {
      framer.feed(chunk, event -> decoder.decode(event, common -> {
        if (tap != null) {
          tap.accept(common);
        }
        encoder.encode(common, out);
        whole[0] = out.length();
      }));
    } catch (RuntimeException e) {
      fail(e, out.getBuffer(0, whole[0]));
      return;
    }
    deliver(out);
    if (decoder.finished() && !failed) {
      finishEarly();
    }
  }

  /**
   * The upstream sent its terminal event, and the client has its own: the client's stream ends
   * now, not when Factory's body does (a client such as Codex hangs up at its terminal event, and
   * would otherwise be logged as gone mid-stream). What Factory still sends is read and dropped,
   * so its connection ends cleanly and goes back to the pool.
   */
  private void finishEarly() {
    if (ended) {
      return;
    }
    source.exceptionHandler(err -> { });
    source.handler(ignored -> { });
    source.endHandler(null);
    demand = Long.MAX_VALUE;
    source.resume();
    end();
  }

  private void deliver(Buffer out) {
    boolean fetching = demand != Long.MAX_VALUE;
    if (out.length() == 0) {
      if (fetching && demand > 0) {
        // The source spent a unit of demand on a chunk our reader never saw.
        source.fetch(1);
      }
      return;
    }
    if (fetching && demand > 0) {
      demand--;
    }
    Handler<Buffer> h = handler;
    if (h != null) {
      h.handle(out);
    }
  }

  /**
   * Stops the stream. The events the chunk completed before the bad one still reach the client,
   * so where the cut falls does not depend on how the network split the bytes; half an encoded
   * event never does.
   */
  private void fail(RuntimeException cause, Buffer wholeEvents) {
    failed = true;
    source.handler(null);
    source.endHandler(null);
    Handler<Buffer> h = handler;
    if (wholeEvents.length() > 0 && h != null) {
      h.handle(wholeEvents);
    }
    Handler<Throwable> onFailure = exceptionHandler;
    if (onFailure != null) {
      onFailure.handle(new StreamTranslationException(cause));
    }
  }
}
