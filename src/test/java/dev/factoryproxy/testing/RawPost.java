package dev.factoryproxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what an HTTP client library hides: whether a chunked body
 * ended with its terminating zero-length chunk or the connection was simply cut. Blocking; for
 * test threads only.
 */
public final class RawPost {

  /**
   * A response as the bytes came off the wire, up to the server's close.
   *
   * @param head the status line and headers, without the blank line
   * @param body the bytes after the blank line, still chunk-encoded if the response was chunked
   * @param reset whether the connection ended in a reset rather than an orderly close
   */
  public record Response(String head, byte[] body, boolean reset) {

    public int status() {
      return Integer.parseInt(head.substring(9, 12));
    }

    /** The value of a header, case-insensitively, or {@code null}. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    public boolean chunked() {
      String te = header("transfer-encoding");
      return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** The chunk-decoded body: every complete chunk's data, in order. */
    public byte[] data() {
      return decode().data;
    }

    /** Whether the chunked body ended with its terminating zero-length chunk and final CRLF. */
    public boolean terminated() {
      return decode().terminated;
    }

    private Decoded decode() {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      int pos = 0;
      while (true) {
        int eol = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), pos);
        if (eol < 0) {
          return new Decoded(data.toByteArray(), false);
        }
        String sizeLine = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
        int semicolon = sizeLine.indexOf(';');
        int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        int start = eol + 2;
        if (size == 0) {
          boolean complete = body.length >= start + 2 && body[start] == '\r' && body[start + 1] == '\n';
          return new Decoded(data.toByteArray(), complete);
        }
        if (body.length < start + size + 2) {
          data.write(body, start, Math.max(0, Math.min(size, body.length - start)));
          return new Decoded(data.toByteArray(), false);
        }
        data.write(body, start, size);
        pos = start + size + 2;
      }
    }
  }

  private record Decoded(byte[] data, boolean terminated) {
  }

  private RawPost() {
  }

  /**
   * Writes a whole POST of {@code json} and closes the socket at once, without reading: the
   * server has the complete request before it learns that its client is gone.
   */
  public static void postAndLeave(int port, String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(head(port, path, body.length).getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    } catch (IOException e) {
      throw new AssertionError("cannot talk to 127.0.0.1:" + port, e);
    }
  }

  private static String head(int port, String path, int length) {
    return "POST " + path + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + length + "\r\n"
        + "Connection: close\r\n"
        + "\r\n";
  }

  /**
   * POSTs {@code json} with {@code Connection: close} and reads until the server closes or
   * resets the connection.
   *
   * @param bound how long the whole exchange may take before the test fails
   */
  public static Response post(int port, String path, String json, Duration bound) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = head(port, path, body.length);
    long deadline = System.nanoTime() + bound.toNanos();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) bound.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      boolean reset = false;
      while (true) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the server neither closed nor reset the connection within " + bound);
        }
        int n;
        try {
          n = in.read(buffer);
        } catch (SocketTimeoutException e) {
          throw new AssertionError("the server neither closed nor reset the connection within " + bound);
        } catch (IOException e) {
          reset = true;
          break;
        }
        if (n < 0) {
          break;
        }
        received.write(buffer, 0, n);
      }
      byte[] all = received.toByteArray();
      Canary.inspect("a response read by RawPost", all);
      int blank = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
      if (blank < 0) {
        return new Response(new String(all, StandardCharsets.ISO_8859_1), new byte[0], reset);
      }
      return new Response(new String(all, 0, blank, StandardCharsets.ISO_8859_1),
          Arrays.copyOfRange(all, blank + 4, all.length), reset);
    } catch (IOException e) {
      throw new AssertionError("cannot talk to 127.0.0.1:" + port, e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
