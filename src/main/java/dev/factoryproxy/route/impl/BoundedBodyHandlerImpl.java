package dev.factoryproxy.route.impl;

import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.route.BoundedBodyHandler;
import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.stream.DeadlineSweeper;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;

public final class BoundedBodyHandlerImpl implements BoundedBodyHandler {

  private final long maxBytes;
  private final DeadlineSweeper sweeper;
  private final long bodyTimeoutNanos;

  public BoundedBodyHandlerImpl(long maxBytes, DeadlineSweeper sweeper, long bodyTimeoutNanos) {
    this.maxBytes = maxBytes;
    this.sweeper = sweeper;
    this.bodyTimeoutNanos = bodyTimeoutNanos;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    long declared = declaredLength(request.getHeader("content-length"));
    if (declared > maxBytes) {
      tooLarge(ctx);
      return;
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader("expect"))) {
      ctx.response().writeContinue();
    }
    new Collector(ctx).start();
  }

  private void tooLarge(RoutingContext ctx) {
    refuse(ctx, new ProxyFailure(ProxyError.BODY_TOO_LARGE,
        "the request body is larger than MAX_BODY_SIZE (" + maxBytes + " bytes)"));
  }

  private static void refuse(RoutingContext ctx, ProxyFailure failure) {
    // The unread rest of the body would be taken for the next request on this connection.
    ctx.response().putHeader("connection", "close");
    ctx.fail(failure);
  }

  private static long declaredLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Gathers the chunks of one body; each chunk is already a private heap copy made by Vert.x.
   * Watched by the sweeper while the body is arriving (Vert.x delivers even a body that came
   * with its head after {@code resume()} returns): an add and a remove per request, no timer.
   */
  private final class Collector implements DeadlineSweeper.Watched {
    private final RoutingContext ctx;
    private Buffer single;
    private CompositeByteBuf many;
    private long size;
    private long lastArrival = System.nanoTime();
    private boolean failed;
    private boolean ended;
    private boolean watched;

    Collector(RoutingContext ctx) {
      this.ctx = ctx;
    }

    void start() {
      HttpServerRequest request = ctx.request();
      request.handler(this::chunk);
      request.exceptionHandler(err -> fail(new ProxyFailure(ProxyError.INVALID_JSON,
          "the request body could not be read: " + err.getMessage())));
      request.endHandler(v -> end());
      request.resume();
      if (!ended && !failed) {
        watched = true;
        sweeper.watch(this);
      }
    }

    /** A finished body leaves the sweeper at once rather than at its next round. */
    private void stopWatching() {
      if (watched) {
        watched = false;
        sweeper.unwatch(this);
      }
    }

    @Override
    public boolean sweep(long nowNanos) {
      if (ended || failed) {
        return true;
      }
      if (nowNanos - lastArrival < bodyTimeoutNanos) {
        return false;
      }
      watched = false;
      failed = true;
      release();
      refuse(ctx, new ProxyFailure(ProxyError.BODY_TIMEOUT,
          "the request body stalled: no byte for BODY_TIMEOUT (" + bodyTimeoutNanos / 1_000_000 + " ms)"));
      return true;
    }

    private void chunk(Buffer chunk) {
      if (failed) {
        return;
      }
      lastArrival = System.nanoTime();
      size += chunk.length();
      if (size > maxBytes) {
        failed = true;
        stopWatching();
        release();
        tooLarge(ctx);
        return;
      }
      if (single == null && many == null) {
        single = chunk;
        return;
      }
      if (many == null) {
        many = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        many.addComponent(true, ((BufferInternal) single).getByteBuf());
        single = null;
      }
      many.addComponent(true, ((BufferInternal) chunk).getByteBuf());
    }

    private void end() {
      ended = true;
      stopWatching();
      if (failed) {
        return;
      }
      Exchange.of(ctx).body(many != null ? BufferInternal.buffer(many) : single != null ? single : Buffer.buffer());
      ctx.next();
    }

    private void fail(ProxyFailure failure) {
      if (!failed) {
        failed = true;
        stopWatching();
        release();
        ctx.fail(failure);
      }
    }

    private void release() {
      single = null;
      many = null;
    }
  }
}
