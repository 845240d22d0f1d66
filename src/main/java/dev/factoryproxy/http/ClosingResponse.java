package dev.factoryproxy.http;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection after an answer that left the request unread (a body over the limit, a
 * request whose framing cannot be trusted): whatever the client sends next cannot be told
 * apart from a new request, so the connection must not serve another.
 *
 * <p>Vert.x keeps reading a rejected request's body until it ends, however long that is, and a
 * plain close with unread bytes makes the kernel send a reset that can destroy the answer
 * before the client reads it. So, as nginx's lingering close does: send the answer, stop
 * reading, half-close (the client reads the answer, then end of stream), and close for good
 * shortly after.
 */
public final class ClosingResponse {

  private static final long LINGER_MILLIS = 2_000;

  private ClosingResponse() {
  }

  /** Once {@code written} completes, stops reading, half-closes and soon closes. */
  public static void closeAfter(Future<Void> written, HttpConnection connection) {
    written.onComplete(ignored -> {
      if (!(connection instanceof ConnectionBase base)) {
        connection.close();
        return;
      }
      Channel channel = base.channel();
      channel.config().setAutoRead(false);
      if (channel instanceof DuplexChannel duplex && channel.isActive()) {
        duplex.shutdownOutput();
        channel.eventLoop().schedule(() -> {
          channel.close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
      } else {
        channel.close();
      }
    });
  }
}
