package dev.factoryproxy.stream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A {@link ReadStream} that fails with {@link StreamIdleTimeoutException} when its source
 * delivers nothing for the idle timeout. Unlike a total-duration limit it never cuts a long
 * stream that is still talking, and unlike Vert.x's request idle timeout it keeps counting
 * after the response headers. While the reader pauses the stream (a slow client) the clock
 * stops: backpressure is not idleness.
 *
 * <p>The clock is read by the event loop's {@link DeadlineSweeper}: a chunk costs one clock
 * read, not a timer.
 */
public final class IdleTimeoutStream implements ReadStream<Buffer>, DeadlineSweeper.Watched {

  private final DeadlineSweeper sweeper;
  private final ReadStream<Buffer> source;
  private final long idleMillis;
  private final long idleNanos;
  private long lastActivity;
  private boolean paused;
  private boolean finished;
  private boolean watched;
  private Handler<Throwable> exceptionHandler;

  private IdleTimeoutStream(DeadlineSweeper sweeper, ReadStream<Buffer> source, long idleMillis) {
    this.sweeper = sweeper;
    this.source = source;
    this.idleMillis = idleMillis;
    this.idleNanos = idleMillis * 1_000_000;
    this.lastActivity = System.nanoTime();
  }

  public static IdleTimeoutStream wrap(DeadlineSweeper sweeper, ReadStream<Buffer> source, long idleMillis) {
    return new IdleTimeoutStream(sweeper, source, idleMillis);
  }

  @Override
  public IdleTimeoutStream handler(Handler<Buffer> handler) {
    if (handler == null) {
      source.handler(null);
      unwatch();
      return this;
    }
    source.handler(chunk -> {
      lastActivity = System.nanoTime();
      handler.handle(chunk);
    });
    if (!watched && !finished) {
      watched = true;
      sweeper.watch(this);
    }
    return this;
  }

  @Override
  public IdleTimeoutStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    source.exceptionHandler(handler == null ? null : err -> {
      finish();
      handler.handle(err);
    });
    return this;
  }

  @Override
  public IdleTimeoutStream endHandler(Handler<Void> handler) {
    source.endHandler(handler == null ? null : v -> {
      finish();
      handler.handle(v);
    });
    return this;
  }

  @Override
  public IdleTimeoutStream pause() {
    paused = true;
    source.pause();
    return this;
  }

  @Override
  public IdleTimeoutStream resume() {
    paused = false;
    lastActivity = System.nanoTime();
    source.resume();
    return this;
  }

  @Override
  public IdleTimeoutStream fetch(long amount) {
    lastActivity = System.nanoTime();
    source.fetch(amount);
    return this;
  }

  @Override
  public boolean sweep(long nowNanos) {
    if (finished) {
      return true;
    }
    if (paused) {
      lastActivity = nowNanos;
      return false;
    }
    if (nowNanos - lastActivity < idleNanos) {
      return false;
    }
    finished = true;
    watched = false;
    source.handler(null);
    Handler<Throwable> handler = exceptionHandler;
    if (handler != null) {
      handler.handle(new StreamIdleTimeoutException(idleMillis));
    }
    return true;
  }

  private void finish() {
    finished = true;
    unwatch();
  }

  private void unwatch() {
    if (watched) {
      watched = false;
      sweeper.unwatch(this);
    }
  }
}
