package dev.factoryproxy.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a plain TCP socket, for answers no HTTP server library would write: a chunked
 * body cut inside a chunk, a body shorter than its {@code Content-Length}. Once a request's
 * head has arrived it writes the given pieces of raw response, {@code interval} apart, then
 * ends the connection as {@link Ending} says.
 */
public final class RawUpstream implements AutoCloseable {

  /** How the connection ends after the last piece. */
  public enum Ending {
    /** An orderly close (FIN), as the kernel does for a crashed process. */
    CLOSE,
    /** A TCP reset (RST, by SO_LINGER 0), as a load balancer or firewall dropping the flow does. */
    RESET
  }

  private final NetServer server;
  private final AtomicInteger requests;

  private RawUpstream(NetServer server, AtomicInteger requests) {
    this.server = server;
    this.requests = requests;
  }

  public static RawUpstream start(Vertx vertx, List<String> pieces, Duration interval, Ending ending) {
    AtomicInteger requests = new AtomicInteger();
    NetServerOptions options = new NetServerOptions();
    if (ending == Ending.RESET) {
      options.setSoLinger(0);
    }
    NetServer server = vertx.createNetServer(options).connectHandler(socket -> {
      Buffer head = Buffer.buffer();
      boolean[] answered = new boolean[1];
      socket.handler(bytes -> {
        head.appendBuffer(bytes);
        if (!answered[0] && head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
          answered[0] = true;
          requests.incrementAndGet();
          write(vertx, socket, pieces, 0, interval);
        }
      });
    });
    Await.result(server.listen(0, "127.0.0.1"));
    return new RawUpstream(server, requests);
  }

  private static void write(Vertx vertx, NetSocket socket, List<String> pieces, int index, Duration interval) {
    if (index == pieces.size()) {
      socket.close();
      return;
    }
    socket.write(Buffer.buffer(pieces.get(index).getBytes(StandardCharsets.UTF_8)));
    vertx.setTimer(Math.max(1, interval.toMillis()), id -> write(vertx, socket, pieces, index + 1, interval));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/api/llm";
  }

  /** Requests whose head arrived. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    Await.result(server.close());
  }
}
