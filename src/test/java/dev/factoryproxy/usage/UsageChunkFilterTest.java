package dev.factoryproxy.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.testing.ChunkSource;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The usage-only chunk leaves the stream; every other byte passes, however the stream is split. */
class UsageChunkFilterTest {

  private static final String DELTA = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"the \\\"usage\\\" field ✓\"}}]}\n\n";
  private static final String USAGE_ONLY = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}\n\n";
  private static final String WITH_USAGE = "data: {\"choices\":[{\"index\":0,\"delta\":{}}],\"usage\":{\"prompt_tokens\":9}}\n\r\n";
  private static final String DONE = "data: [DONE]\n\n";

  private static List<Buffer> filtered(List<Buffer> chunks) {
    ChunkSource source = new ChunkSource(chunks);
    List<Buffer> out = new ArrayList<>();
    UsageChunkFilter.wrap(source).handler(out::add).endHandler(v -> { });
    source.start();
    return out;
  }

  private static String joined(List<Buffer> buffers) {
    Buffer all = Buffer.buffer();
    buffers.forEach(all::appendBuffer);
    return all.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aChunkWithoutTheUsageChunkPassesAsTheSameBytes() {
    Buffer chunk = Buffer.buffer(DELTA + WITH_USAGE + DONE);
    List<Buffer> out = filtered(List.of(chunk));
    assertThat(out).hasSize(1);
    assertThat(out.get(0)).isSameAs(chunk);
  }

  @Test
  void theUsageChunkLeavesFromTheMiddleOfAChunk() {
    assertThat(joined(filtered(List.of(Buffer.buffer(DELTA + USAGE_ONLY + DONE))))).isEqualTo(DELTA + DONE);
  }

  @Test
  void everySplitGivesTheSameStream() {
    byte[] stream = (DELTA + DELTA + USAGE_ONLY + WITH_USAGE + DONE).getBytes(StandardCharsets.UTF_8);
    String expected = DELTA + DELTA + WITH_USAGE + DONE;
    for (int size = 1; size <= 17; size++) {
      List<Buffer> chunks = new ArrayList<>();
      for (int i = 0; i < stream.length; i += size) {
        chunks.add(Buffer.buffer().appendBytes(stream, i, Math.min(size, stream.length - i)));
      }
      assertThat(joined(filtered(chunks))).as("chunks of %d bytes", size).isEqualTo(expected);
    }
  }
}
