package dev.factoryproxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;

/**
 * Reads every response a test's HTTP client receives as Netty decoded it, before Vert.x sees it,
 * and reports the {@link Canary} to {@link LeakWatch} wherever it appears: status, headers,
 * body, trailers. A form split across two body chunks is still found. Installed on the
 * connections of {@link ProxyHarness#client()}, so every test using that client is covered
 * without checking anything itself. Uses Vert.x's internal connection class, as test code may.
 */
public final class CanaryWireTap extends ChannelInboundHandlerAdapter {

  private static final int KEEP = Canary.forms().stream().mapToInt(String::length).max().orElse(0);

  private final String where;
  private String tail = "";
  private boolean reported;

  private CanaryWireTap(String where) {
    this.where = where;
  }

  /** For {@code HttpClientBuilder.withConnectHandler}. */
  public static void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      throw new IllegalStateException("cannot tap " + connection.getClass() + ": Vert.x changed its connection classes");
    }
    // Just before Vert.x's own handler: after the HTTP decoder, so a body is seen without its
    // chunk framing (which would otherwise hide a canary split across two chunks).
    base.channel().pipeline().addBefore(base.channelHandlerContext().name(), "canary-wire-tap",
        new CanaryWireTap("a response to the test client from " + connection.remoteAddress()));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpResponse head) {
      check(head.status() + "\n" + head.headers());
      tail = "";
    }
    if (msg instanceof ByteBufHolder holder) {
      see(holder.content());
      if (msg instanceof LastHttpContent last) {
        check(last.trailingHeaders().toString());
      }
    } else if (msg instanceof ByteBuf bytes) {
      see(bytes);
    }
    ctx.fireChannelRead(msg);
  }

  /** Body bytes: checked with the end of the previous piece, so a canary split in two is found. */
  private void see(ByteBuf bytes) {
    String seen = tail + bytes.toString(bytes.readerIndex(), bytes.readableBytes(), StandardCharsets.ISO_8859_1);
    check(seen);
    tail = seen.substring(Math.max(0, seen.length() - KEEP));
  }

  private void check(String text) {
    if (!reported) {
      Canary.find(text).ifPresent(form -> {
        reported = true;
        LeakWatch.installed().report("the canary token (as '" + form + "') reached " + where);
      });
    }
  }
}
