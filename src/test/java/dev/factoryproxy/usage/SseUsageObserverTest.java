package dev.factoryproxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.WireFormats;
import dev.factoryproxy.translate.WireApi;
import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stream tap reads each format's usage, wherever the chunks are cut, without touching bytes. */
class SseUsageObserverTest {

  private static final String MESSAGES = String.join("", WireFormats.anthropicEvents("claude-x", "Hello from ✓ the mock"))
      .replace("{\"output_tokens\":5}", "{\"output_tokens\":5,\"cache_read_input_tokens\":30}");
  private static final String CHAT = String.join("", WireFormats.chatChunks("glm-4.7", "Hi ✓")).replace("data: [DONE]",
      "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":7,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":10},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}\n\n"
          + "data: [DONE]");
  private static final String RESPONSES = String.join("", WireFormats.responsesEvents("gpt-5.4", "Hello ✓ there"));

  @Test
  void messagesUsageComesFromMessageStartAndMessageDelta() {
    assertThat(read(WireApi.MESSAGES, MESSAGES, 1)).isEqualTo(new Usage(12L, 5L, 30L, null, null));
  }

  @Test
  void chatUsageComesFromTheUsageChunkWithCachedTokensTakenOut() {
    assertThat(read(WireApi.CHAT, CHAT, 1)).isEqualTo(new Usage(30L, 7L, 10L, null, 2L));
  }

  @Test
  void responsesUsageComesFromResponseCompleted() {
    assertThat(read(WireApi.RESPONSES, RESPONSES, 1)).isEqualTo(new Usage(12L, 3L, null, null, null));
  }

  @Test
  void whereverTheChunksAreCutTheUsageIsTheSame() {
    Random random = new Random(20261201);
    for (int run = 0; run < 50; run++) {
      int pieces = 2 + random.nextInt(40);
      assertThat(read(WireApi.MESSAGES, MESSAGES, pieces)).isEqualTo(read(WireApi.MESSAGES, MESSAGES, 1));
      assertThat(read(WireApi.CHAT, CHAT, pieces)).isEqualTo(read(WireApi.CHAT, CHAT, 1));
      assertThat(read(WireApi.RESPONSES, RESPONSES, pieces)).isEqualTo(read(WireApi.RESPONSES, RESPONSES, 1));
    }
  }

  @Test
  void aStreamWithoutUsageReportsNone() {
    String plain = String.join("", WireFormats.chatChunks("glm-4.7", "Hi"));
    assertThat(read(WireApi.CHAT, plain, 3)).isEqualTo(Usage.NONE);
  }

  @Test
  void garbageIsLeftUnreadAndNeverThrows() {
    assertThat(read(WireApi.CHAT, "data: {\"usage\": nope\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":1}}\n\n", 2))
        .isEqualTo(new Usage(1L, null, null, null, null));
  }

  /** Feeds the stream to a fresh observer in {@code pieces} byte-level pieces (cut inside characters too). */
  private static Usage read(WireApi api, String stream, int pieces) {
    UsageObserver observer = UsageObservers.standard().open(api, "text/event-stream; charset=utf-8");
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    List<Integer> cuts = new java.util.ArrayList<>();
    Random random = new Random(pieces * 31L + bytes.length);
    for (int i = 1; i < pieces; i++) {
      cuts.add(random.nextInt(bytes.length));
    }
    cuts.add(0);
    cuts.add(bytes.length);
    cuts.sort(Integer::compare);
    for (int i = 0; i + 1 < cuts.size(); i++) {
      Buffer chunk = Buffer.buffer().appendBytes(bytes, cuts.get(i), cuts.get(i + 1) - cuts.get(i));
      Buffer before = chunk.copy();
      observer.chunk(chunk);
      assertThat(chunk).as("the tap leaves the bytes alone").isEqualTo(before);
    }
    return observer.end();
  }
}
