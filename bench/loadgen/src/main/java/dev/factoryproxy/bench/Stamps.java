package dev.factoryproxy.bench;

import io.vertx.core.buffer.Buffer;

/**
 * Finds the upstream's write time in an SSE event, in the two forms the streaming upstream writes:
 *
 * <ul>
 *   <li>{@code "t":<digits>}, a JSON field of the chat chunks, which the proxy relays unchanged;
 *   <li>{@code t=<digits>} at the start of a word in a string: the text of a Messages delta, which
 *       survives translation into a chat chunk's {@code content}, a Responses
 *       {@code response.output_text.delta}'s {@code delta}, or an Anthropic {@code text_delta}.
 * </ul>
 *
 * A byte scan, not a JSON parse: it runs for every event of thousands of streams in the load
 * tool, which shares the machine with the proxy it measures, and only needs one number.
 */
final class Stamps {

  private Stamps() {
  }

  /**
   * The stamp in the event, or -1 when it has none (a role chunk, {@code [DONE]}, a
   * {@code message_start}) or more than one text stamp: such an event repeats text already
   * delivered and timed (a Responses {@code response.output_text.done} or
   * {@code response.completed}), and timing it against its first stamp would count the stream's
   * age as latency.
   */
  static long sentAt(Buffer record) {
    int n = record.length();
    long found = -1;
    for (int i = 0; i + 2 < n; i++) {
      byte b = record.getByte(i);
      if (b == '"' && record.getByte(i + 1) == 't' && record.getByte(i + 2) == '"'
          && i + 3 < n && record.getByte(i + 3) == ':') {
        return digits(record, i + 4);
      }
      if ((b == '"' || b == ' ') && record.getByte(i + 1) == 't' && record.getByte(i + 2) == '=') {
        long value = digits(record, i + 3);
        if (value >= 0) {
          if (found >= 0) {
            return -1;
          }
          found = value;
        }
      }
    }
    return found;
  }

  /** The decimal number starting at {@code from}, or -1 when no digit is there. */
  private static long digits(Buffer record, int from) {
    int n = record.length();
    long value = 0;
    int j = from;
    while (j < n) {
      byte b = record.getByte(j);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      j++;
    }
    return j > from ? value : -1;
  }
}
