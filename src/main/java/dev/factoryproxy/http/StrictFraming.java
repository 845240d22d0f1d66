package dev.factoryproxy.http;

import dev.factoryproxy.http.impl.StrictRequestDecoder;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Request framing without guesswork. Netty's decoder quietly "repairs" what a smuggling
 * attempt sends: it drops {@code Content-Length} when {@code Transfer-Encoding} is present,
 * joins obs-folded header lines, reads a body of unknown transfer coding as no body. It does so
 * before any handler sees the request, so the check has to sit in the decoder itself: each
 * connection gets a {@link StrictRequestDecoder}, which fails such a request instead, and
 * Vert.x hands it to the server's invalid-request handler (a 400, then the connection closes).
 *
 * <p>The server must not offer h2c ({@code setHttp2ClearTextEnabled(false)}): with h2c the
 * HTTP/1 pipeline is only built after the first request is decoded, too late to swap.
 */
public final class StrictFraming {

  private StrictFraming() {
  }

  /** The server's connection handler: swaps Vert.x's request decoder for the strict one. */
  public static Handler<HttpConnection> connectionHandler(HttpServerOptions options) {
    if (options.isHttp2ClearTextEnabled()) {
      throw new IllegalArgumentException("strict framing needs h2c disabled");
    }
    return connection -> {
      if (connection instanceof ConnectionBase base) {
        ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
        if (pipeline.get("httpDecoder") != null) {
          pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
        }
      }
    };
  }
}
