package dev.factoryproxy.stream;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A {@link ReadStream} that fails with {@link StreamIdleTimeoutException} when its source
 * delivers nothing for the idle timeout. Unlike a total-duration limit it never cuts a long
 * stream that is still talking, and unlike Vert.x's request idle timeout it keeps counting
 * after the response headers. While the reader pauses the stream (a slow client) the clock
 * stops: backpressure is not idleness.
 *
 * <p>One timer per stream, re-armed only when it fires: a chunk costs a clock read, not a timer.
 */
public final class IdleTimeoutStream implements ReadStream<Buffer> {

  private final Vertx vertx;
  private final ReadStream<Buffer> source;
  private final long idleMillis;
  private long lastActivity;
  private boolean paused;
  private boolean finished;
  private long timerId = -1;
  private Handler<Throwable> exceptionHandler;

  private IdleTimeoutStream(Vertx vertx, ReadStream<Buffer> source, long idleMillis) {
    this.vertx = vertx;
    this.source = source;
    this.idleMillis = idleMillis;
    this.lastActivity = System.nanoTime();
  }

  public static IdleTimeoutStream wrap(Vertx vertx, ReadStream<Buffer> source, long idleMillis) {
    return new IdleTimeoutStream(vertx, source, idleMillis);
  }

  @Override
  public IdleTimeoutStream handler(Handler<Buffer> handler) {
    if (handler == null) {
      source.handler(null);
      cancelTimer();
      return this;
    }
    source.handler(chunk -> {
      lastActivity = System.nanoTime();
      handler.handle(chunk);
    });
    if (timerId < 0 && !finished) {
      armTimer(idleMillis);
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

  private void armTimer(long delayMillis) {
    timerId = vertx.setTimer(Math.max(1, delayMillis), this::check);
  }

  private void check(long firedTimerId) {
    timerId = -1;
    if (finished) {
      return;
    }
    long idleFor = (System.nanoTime() - lastActivity) / 1_000_000;
    if (paused || idleFor < idleMillis) {
      armTimer(paused ? idleMillis : idleMillis - idleFor);
      return;
    }
    finish();
    source.handler(null);
    Handler<Throwable> handler = exceptionHandler;
    if (handler != null) {
      handler.handle(new StreamIdleTimeoutException(idleMillis));
    }
  }

  private void finish() {
    finished = true;
    cancelTimer();
  }

  private void cancelTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }
}
