package dev.factoryproxy.translate.sse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads server-sent events out of a byte stream that arrives in arbitrary chunks, following the
 * WHATWG "event stream interpretation": lines end at LF, CRLF or CR; {@code event:} names the
 * event, {@code data:} lines are joined with {@code \n}; {@code id:}, {@code retry:}, unknown
 * fields and {@code :} comments are ignored; a blank line dispatches the event, and an event
 * without data is not dispatched.
 *
 * <p>Lines are cut on bytes and decoded as UTF-8 only once complete, so a character split
 * between two chunks is read whole. A CR that ends a chunk is remembered: an LF opening the next
 * chunk belongs to it and is not a second (blank) line.
 *
 * <p>There is deliberately no {@code end()}: at the end of the stream the spec discards an event
 * that no blank line terminated, and so does this framer (whatever it holds is simply dropped).
 * A stream cut mid-event is detected one level up, by the decoder never seeing its terminal event.
 *
 * <p>Memory is bounded: the framer holds at most {@code maxEventBytes} of the current line plus
 * the current event's name and data, and throws {@link SseFrameTooLargeException} beyond that.
 * After a throw the framer is unusable. One instance per stream; not thread-safe.
 */
public final class SseFramer {

  private static final byte LF = '\n';
  private static final byte CR = '\r';
  private static final String BOM = "\uFEFF";

  private final int maxEventBytes;
  /** The bytes of a line begun in an earlier chunk; empty when the last chunk ended a line. */
  private Buffer partialLine = Buffer.buffer();
  private boolean afterCr;
  private boolean firstLine = true;
  private String eventName;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  /** Bytes of the current event already held in {@link #eventName} and {@link #data}. */
  private int heldBytes;

  public SseFramer(int maxEventBytes) {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
  }

  /**
   * Reads one chunk, handing every event it completes to {@code out}, in order.
   *
   * @throws SseFrameTooLargeException when a line or an event exceeds {@code maxEventBytes}
   */
  public void feed(Buffer chunk, Consumer<SseEvent> out) {
    int length = chunk.length();
    int lineStart = 0;
    for (int i = 0; i < length; i++) {
      byte b = chunk.getByte(i);
      if (b != LF && b != CR) {
        continue;
      }
      if (b == LF && afterCr && i == lineStart && partialLine.length() == 0) {
        // The LF of a CRLF whose CR ended the previous line (possibly in the previous chunk).
        afterCr = false;
        lineStart = i + 1;
        continue;
      }
      completeLine(chunk, lineStart, i, out);
      afterCr = b == CR;
      lineStart = i + 1;
    }
    if (lineStart < length) {
      afterCr = false;
      holdPartial(chunk, lineStart, length);
    }
  }

  private void holdPartial(Buffer chunk, int from, int to) {
    if (partialLine.length() + (to - from) + heldBytes > maxEventBytes) {
      throw new SseFrameTooLargeException(maxEventBytes);
    }
    partialLine.appendBuffer(chunk, from, to - from);
  }

  private void completeLine(Buffer chunk, int from, int to, Consumer<SseEvent> out) {
    String line;
    if (partialLine.length() == 0) {
      // The common case, a line inside one chunk: decoded straight from it, no copy.
      checkSize(to - from);
      line = chunk.getString(from, to, StandardCharsets.UTF_8.name());
    } else {
      holdPartial(chunk, from, to);
      line = partialLine.toString(StandardCharsets.UTF_8);
      partialLine = Buffer.buffer();
    }
    if (firstLine) {
      firstLine = false;
      if (line.startsWith(BOM)) {
        line = line.substring(1);
      }
    }
    processLine(line, to - from, out);
  }

  private void checkSize(int lineBytes) {
    if (lineBytes + heldBytes > maxEventBytes) {
      throw new SseFrameTooLargeException(maxEventBytes);
    }
  }

  private void processLine(String line, int lineBytes, Consumer<SseEvent> out) {
    if (line.isEmpty()) {
      dispatch(out);
      return;
    }
    if (line.charAt(0) == ':') {
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : valueAfter(line, colon);
    if (field.equals("data")) {
      data.append(value).append('\n');
      hasData = true;
      heldBytes += lineBytes;
    } else if (field.equals("event")) {
      eventName = value;
      heldBytes += lineBytes;
    }
    // id and retry steer a browser's reconnection, which a proxy never does; other fields are
    // ignored by the spec.
  }

  private static String valueAfter(String line, int colon) {
    int start = colon + 1;
    if (start < line.length() && line.charAt(start) == ' ') {
      start++;
    }
    return line.substring(start);
  }

  private void dispatch(Consumer<SseEvent> out) {
    if (hasData) {
      data.setLength(data.length() - 1);
      String name = eventName == null || eventName.isEmpty() ? null : eventName;
      SseEvent event = new SseEvent(name, data.toString());
      reset();
      out.accept(event);
    } else {
      reset();
    }
  }

  private void reset() {
    eventName = null;
    data.setLength(0);
    hasData = false;
    heldBytes = 0;
  }
}
