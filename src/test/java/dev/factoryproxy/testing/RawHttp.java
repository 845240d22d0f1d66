package dev.factoryproxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket, for what an HTTP client library would normalise away:
 * hop-by-hop and duplicate headers, absolute-form targets, a body that is never finished, the
 * exact bytes of a response. Every read is bounded by a socket timeout.
 */
public final class RawHttp implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  public static RawHttp connect(int port) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      return new RawHttp(socket);
    } catch (IOException e) {
      throw new AssertionError("cannot connect to 127.0.0.1:" + port, e);
    }
  }

  /** Writes the text as ISO-8859-1 bytes, exactly as given: the caller spells every CRLF. */
  public RawHttp send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new AssertionError("write failed", e);
    }
  }

  /** Reads one response; {@code head} when it answers a HEAD request (no body follows). */
  public Response read(boolean head) {
    try {
      String statusLine = line();
      String[] parts = statusLine.split(" ", 3);
      int status = Integer.parseInt(parts[1]);
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      for (String line = line(); !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
      Response response = new Response(status, headers, new byte[0]);
      if (head || status == 204 || status == 304 || status / 100 == 1) {
        Canary.inspect("a response read by RawHttp", statusLine + "\n" + headers);
        return response;
      }
      byte[] body;
      if (response.values("transfer-encoding").stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
        body = chunked();
      } else if (response.value("content-length") != null) {
        body = exactly(Integer.parseInt(response.value("content-length")));
      } else {
        body = untilEof();
      }
      Canary.inspect("a response read by RawHttp", statusLine + "\n" + headers);
      Canary.inspect("a response body read by RawHttp", body);
      return new Response(status, headers, body);
    } catch (IOException e) {
      throw new AssertionError("reading the response failed", e);
    }
  }

  /** Every byte until the server closes the connection. */
  public byte[] untilEof() {
    try {
      byte[] rest = in.readAllBytes();
      Canary.inspect("bytes read by RawHttp", rest);
      return rest;
    } catch (IOException e) {
      throw new AssertionError("reading until EOF failed", e);
    }
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(exactly(size));
      if (!line().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private byte[] exactly(int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length < n) {
      throw new EOFException("expected " + n + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed mid-line after: " + line.toString(StandardCharsets.ISO_8859_1));
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  /** A response as it came off the wire: headers in order, with duplicates and their case. */
  public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    public List<String> values(String name) {
      return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    public String value(String name) {
      List<String> values = values(name);
      return values.isEmpty() ? null : values.get(0);
    }

    public List<String> names() {
      return headers.stream().map(h -> h.getKey().toLowerCase(Locale.ROOT)).toList();
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
