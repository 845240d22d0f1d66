package dev.factoryproxy.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a plain TCP socket, for answers no HTTP server library would write: a garbage
 * status line, a bad chunk size, contradictory framing, a chunked body cut inside a chunk, a
 * body shorter than its {@code Content-Length}. Once a whole request (head and
 * {@code Content-Length} body) has arrived it writes the scripted pieces of raw response,
 * {@code interval} apart, then ends the connection as the script says.
 */
public final class RawUpstream implements AutoCloseable {

  /** How the connection ends after the last piece. */
  public enum Ending {
    /** An orderly close (FIN), as the kernel does for a crashed process. */
    CLOSE,
    /** A TCP reset (RST, by SO_LINGER 0), as a load balancer or firewall dropping the flow does. */
    RESET
  }

  /** What to answer; a null {@code ending} leaves the connection open. */
  private record Script(List<Buffer> pieces, Duration interval, Ending ending) {
  }

  private final Vertx vertx;
  private final NetServer server;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Script script = new Script(List.of(), Duration.ZERO, null);

  private RawUpstream(Vertx vertx, NetServerOptions options) {
    this.vertx = vertx;
    this.server = vertx.createNetServer(options).connectHandler(this::serve);
    Await.result(server.listen(0, "127.0.0.1"));
  }

  /** An upstream that answers as {@link #answer} says, on a connection that closes normally. */
  public static RawUpstream start(Vertx vertx) {
    return new RawUpstream(vertx, new NetServerOptions());
  }

  /** An upstream that writes {@code pieces} (UTF-8) {@code interval} apart, then ends as told. */
  public static RawUpstream start(Vertx vertx, List<String> pieces, Duration interval, Ending ending) {
    RawUpstream upstream = new RawUpstream(vertx, new NetServerOptions().setSoLinger(ending == Ending.RESET ? 0 : -1));
    upstream.script = new Script(encode(pieces, StandardCharsets.UTF_8), interval, ending);
    return upstream;
  }

  /** Every following request is answered with exactly these bytes (ISO-8859-1); then close if asked. */
  public RawUpstream answer(String bytes, boolean closeAfter) {
    this.script = new Script(encode(List.of(bytes), StandardCharsets.ISO_8859_1), Duration.ZERO,
        closeAfter ? Ending.CLOSE : null);
    return this;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/api/llm";
  }

  public int connections() {
    return connections.get();
  }

  /** Requests that arrived whole. */
  public int requests() {
    return requests.get();
  }

  private void serve(NetSocket socket) {
    connections.incrementAndGet();
    Buffer received = Buffer.buffer();
    socket.handler(data -> {
      received.appendBuffer(data);
      if (isWholeRequest(received)) {
        requests.incrementAndGet();
        socket.handler(null);
        write(socket, script, 0);
      }
    });
  }

  private static boolean isWholeRequest(Buffer received) {
    String text = received.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    int length = 0;
    for (String line : text.substring(0, end).split("\r\n")) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return received.length() >= end + 4 + length;
  }

  private void write(NetSocket socket, Script script, int index) {
    if (index == script.pieces().size()) {
      if (script.ending() != null) {
        socket.close();
      }
      return;
    }
    socket.write(script.pieces().get(index));
    // Waiting after the last piece too lets a RESET ending find the bytes already sent
    // (SO_LINGER 0 discards what is still in the send buffer).
    if (script.interval().isZero()) {
      write(socket, script, index + 1);
    } else {
      vertx.setTimer(Math.max(1, script.interval().toMillis()), id -> write(socket, script, index + 1));
    }
  }

  private static List<Buffer> encode(List<String> pieces, Charset charset) {
    return pieces.stream().map(p -> Buffer.buffer(p.getBytes(charset))).toList();
  }

  @Override
  public void close() {
    Await.result(server.close());
  }
}
