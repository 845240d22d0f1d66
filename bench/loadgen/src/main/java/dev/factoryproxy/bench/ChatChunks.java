package dev.factoryproxy.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Chat Completions chunks, the stamp as a top-level {@code "t":<nanoTime>} field: the proxy relays
 * these bytes unchanged (scenario 4), so a field of its own is the cheapest stamp to find.
 */
final class ChatChunks implements StreamShape {

  private static final byte[] HEAD = ("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1764086400,\"model\":\"accounts/fireworks/models/glm-4p6\",\"t\":")
      .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL = (",\"system_fingerprint\":null,\"choices\":[{\"index\":0,"
      + "\"delta\":{\"content\":\" streamed\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n")
      .getBytes(StandardCharsets.US_ASCII);
  private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

  @Override
  public Buffer opening() {
    return Buffer.buffer();
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
    return DONE;
  }
}
