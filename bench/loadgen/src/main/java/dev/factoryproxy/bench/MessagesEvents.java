package dev.factoryproxy.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Anthropic Messages streaming events, one text block: {@code message_start},
 * {@code content_block_start}, a {@code ping}, then one {@code content_block_delta} per tick and,
 * for a stream with a length, {@code content_block_stop}, {@code message_delta} (end_turn, usage)
 * and {@code message_stop}.
 *
 * <p>The stamp is the delta's text, {@code "t=<nanoTime> "}: a translating proxy parses the event
 * and writes the text into another format's field (a chat {@code content}, a Responses
 * {@code delta}), so the stamp has to be text that JSON re-encoding leaves as it is; a
 * {@code "t":} field of our own would be dropped by the translation.
 */
final class MessagesEvents implements StreamShape {

  private static final Buffer OPENING = Buffer.buffer("event: message_start\n"
      + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\",\"type\":\"message\","
      + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,"
      + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":31,\"cache_creation_input_tokens\":0,"
      + "\"cache_read_input_tokens\":0,\"output_tokens\":1}}}\n\n"
      + "event: content_block_start\n"
      + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: ping\n"
      + "data: {\"type\":\"ping\"}\n\n");
  private static final byte[] HEAD = ("event: content_block_delta\n"
      + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"t=")
      .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL = " \"}}\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final String CLOSING = "event: content_block_stop\n"
      + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\n"
      + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
      + "\"usage\":{\"output_tokens\":%d}}\n\n"
      + "event: message_stop\n"
      + "data: {\"type\":\"message_stop\"}\n\n";

  @Override
  public Buffer opening() {
    return OPENING;
  }

  @Override
  public Buffer tick(long nanoTime) {
    return Buffer.buffer(HEAD.length + 20 + TAIL.length)
        .appendBytes(HEAD)
        .appendString(Long.toString(nanoTime))
        .appendBytes(TAIL);
  }

  @Override
  public Buffer closing(long sent) {
    return Buffer.buffer(String.format(Locale.ROOT, CLOSING, sent));
  }
}
