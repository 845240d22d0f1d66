package dev.factoryproxy.http.impl;

import dev.factoryproxy.http.MalformedRequestException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's request decoder with RFC 9112's framing rules enforced where Netty is lenient. A
 * request breaking one becomes an invalid message (Vert.x answers it through the server's
 * invalid-request handler and closes the connection):
 * <ul>
 *   <li>{@code Transfer-Encoding} other than exactly one {@code chunked} (§6.1: unknown or
 *       repeated codings, and any in HTTP/1.0);
 *   <li>{@code Transfer-Encoding} together with {@code Content-Length} (§6.3: "ought to be
 *       handled as an error"; Netty drops the length and carries on);
 *   <li>{@code Content-Length} given more than once or as anything but digits (Netty lets
 *       HTTP/1.0 repeat it, keeping the first, and parses {@code +5});
 *   <li>a header line folded onto the next (obs-fold, §5.2; Netty joins the lines);
 *   <li>not exactly one {@code Host} in HTTP/1.1 (§3.2).
 * </ul>
 *
 * <p>Netty's checks run from {@link #isContentAlwaysEmpty}, the one hook it calls once per
 * message after its headers are read and before the body length is decided; what it throws
 * there makes the message invalid. Folding leaves no trace in the parsed headers, so the raw
 * header lines are looked at as they arrive, before Netty consumes them.
 */
public final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  private enum Phase { REQUEST_LINE, HEADERS, BODY }

  private Phase phase = Phase.REQUEST_LINE;
  private boolean folded;
  /** Content-Length lines as sent: Netty merges repeated ones into one before the check. */
  private int lengthLines;

  public StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    if (phase != Phase.BODY && !folded) {
      folded = hasFoldedLine(buffer, phase == Phase.REQUEST_LINE);
    }
    int before = out.size();
    super.decode(ctx, buffer, out);
    for (int i = before; i < out.size(); i++) {
      if (out.get(i) instanceof LastHttpContent) {
        phase = Phase.REQUEST_LINE;
        folded = false;
      }
    }
  }

  @Override
  protected HttpMessage createMessage(String[] initialLine) {
    phase = Phase.HEADERS;
    lengthLines = 0;
    return super.createMessage(initialLine);
  }

  @Override
  protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
    AsciiString name = super.splitHeaderName(sb, start, length);
    if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
      lengthLines++;
    }
    return name;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    if (msg != null && phase == Phase.HEADERS) {
      phase = Phase.BODY;
      boolean wasFolded = folded;
      folded = false;
      String problem = wasFolded ? "a header line is folded onto the next (obs-fold)"
          : lengthLines > 1 ? "Content-Length is given more than once"
          : framingProblem(msg);
      if (problem != null) {
        throw new MalformedRequestException(problem);
      }
    }
    return super.isContentAlwaysEmpty(msg);
  }

  private static String framingProblem(HttpMessage msg) {
    HttpHeaders headers = msg.headers();
    boolean http10 = msg.protocolVersion().equals(HttpVersion.HTTP_1_0);
    // Lists only when a header is there at all: most requests carry no Transfer-Encoding.
    if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
      if (http10) {
        return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
      }
      if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
        return "Transfer-Encoding must be exactly 'chunked'";
      }
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        return "a request must not carry both Content-Length and Transfer-Encoding";
      }
    }
    String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null) {
      if (headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1) {
        return "Content-Length is given more than once";
      }
      if (!digits(length.trim())) {
        return "Content-Length must be a decimal number";
      }
    }
    if (!http10 && headers.getAll(HttpHeaderNames.HOST).size() != 1) {
      return "an HTTP/1.1 request needs exactly one Host header";
    }
    return null;
  }

  private static boolean digits(String value) {
    if (value.isEmpty() || value.length() > 18) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a complete header line in the unread bytes starts with a space or tab. Netty
   * consumes the head a whole line at a time, so the reader index sits at a line start; in
   * the request-line phase the request line (after the blank lines and control characters
   * Netty skips) comes first and is not a header line.
   */
  private static boolean hasFoldedLine(ByteBuf buffer, boolean requestLineFirst) {
    int pos = buffer.readerIndex();
    int end = buffer.writerIndex();
    if (requestLineFirst) {
      while (pos < end && isControlOrWhitespace(buffer.getByte(pos))) {
        pos++;
      }
      int lf = buffer.indexOf(pos, end, (byte) '\n');
      if (lf < 0) {
        return false;
      }
      pos = lf + 1;
    }
    while (pos < end) {
      int lf = buffer.indexOf(pos, end, (byte) '\n');
      if (lf < 0) {
        return false;
      }
      byte first = buffer.getByte(pos);
      if (first == ' ' || first == '\t') {
        return true;
      }
      if (lf == pos || (lf == pos + 1 && first == '\r')) {
        return false; // the blank line that ends the head
      }
      pos = lf + 1;
    }
    return false;
  }

  private static boolean isControlOrWhitespace(byte b) {
    return (b >= 0 && b <= ' ') || b == 0x7f;
  }
}
