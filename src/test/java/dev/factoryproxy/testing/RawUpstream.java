package dev.factoryproxy.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a plain TCP socket that answers every request with bytes the test spells out,
 * for answers no HTTP server library would produce: a garbage status line, a bad chunk size,
 * contradictory framing. It waits for the whole request (head and {@code Content-Length} body)
 * before answering, then leaves the connection open unless the bytes say otherwise.
 */
public final class RawUpstream implements AutoCloseable {

  private final NetServer server;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Buffer answer = Buffer.buffer();
  private volatile boolean closeAfter;

  private RawUpstream(NetServer server) {
    this.server = server;
  }

  public static RawUpstream start(Vertx vertx) {
    RawUpstream[] holder = new RawUpstream[1];
    NetServer server = vertx.createNetServer().connectHandler(socket -> holder[0].serve(socket));
    holder[0] = new RawUpstream(server);
    Await.result(server.listen(0, "127.0.0.1"));
    return holder[0];
  }

  /** Every following request is answered with exactly these bytes (ISO-8859-1); then close if asked. */
  public RawUpstream answer(String bytes, boolean closeAfter) {
    this.answer = Buffer.buffer(bytes.getBytes(StandardCharsets.ISO_8859_1));
    this.closeAfter = closeAfter;
    return this;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/api/llm";
  }

  public int connections() {
    return connections.get();
  }

  public int requests() {
    return requests.get();
  }

  private void serve(NetSocket socket) {
    connections.incrementAndGet();
    Buffer received = Buffer.buffer();
    socket.handler(data -> {
      received.appendBuffer(data);
      String text = received.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      int length = 0;
      for (String line : text.substring(0, end).split("\r\n")) {
        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      if (received.length() < end + 4 + length) {
        return;
      }
      requests.incrementAndGet();
      socket.handler(null);
      socket.write(answer).onComplete(v -> {
        if (closeAfter) {
          socket.close();
        }
      });
    });
  }

  @Override
  public void close() {
    Await.result(server.close());
  }
}
