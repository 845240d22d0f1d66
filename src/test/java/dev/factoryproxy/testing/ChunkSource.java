package dev.factoryproxy.testing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A synchronous {@link ReadStream} over fixed chunks that keeps Vert.x's flow-control contract:
 * nothing is delivered while paused, {@code fetch(n)} delivers at most n more, the end comes once
 * every chunk went out. {@link #start()} begins the delivery, as a response's arrival would.
 */
public final class ChunkSource implements ReadStream<Buffer> {

  private final Deque<Buffer> chunks;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  private boolean started;
  private boolean ended;
  private boolean delivering;
  private int delivered;

  public ChunkSource(List<Buffer> chunks) {
    this.chunks = new ArrayDeque<>(chunks);
  }

  public static ChunkSource of(String... chunks) {
    return new ChunkSource(java.util.Arrays.stream(chunks).map(Buffer::buffer).toList());
  }

  public void start() {
    started = true;
    drain();
  }

  /** Fails the stream as a reset connection would. */
  public void fail(Throwable failure) {
    if (exceptionHandler != null) {
      exceptionHandler.handle(failure);
    }
  }

  public boolean paused() {
    return demand == 0;
  }

  public boolean hasHandler() {
    return handler != null;
  }

  public boolean hasEndHandler() {
    return endHandler != null;
  }

  public int delivered() {
    return delivered;
  }

  public int remaining() {
    return chunks.size();
  }

  @Override
  public ChunkSource handler(Handler<Buffer> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public ChunkSource endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    return this;
  }

  @Override
  public ChunkSource exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ChunkSource pause() {
    demand = 0;
    return this;
  }

  @Override
  public ChunkSource resume() {
    demand = Long.MAX_VALUE;
    drain();
    return this;
  }

  @Override
  public ChunkSource fetch(long amount) {
    demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
    drain();
    return this;
  }

  private void drain() {
    if (!started || delivering) {
      return;
    }
    delivering = true;
    try {
      while (demand > 0 && handler != null && !chunks.isEmpty()) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        delivered++;
        handler.handle(chunks.poll());
      }
      if (chunks.isEmpty() && !ended && endHandler != null) {
        ended = true;
        endHandler.handle(null);
      }
    } finally {
      delivering = false;
    }
  }
}
