package dev.factoryproxy.translate;

import static dev.factoryproxy.translate.SplitStreams.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.factoryproxy.translate.model.Event;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The split-stream harness itself, on the echo test format. */
class SplitStreamsTest {

  private static final Buffer STREAM = utf8(
      "data: {\"t\":\"Hello\"}\r\n\r\n"
          + ": ping\r\n\r\n"
          + "event: ping\rdata: {}\r\r"
          + "data: {\"t\":\"✓ done 😀\"}\n\n"
          + "data: {\"t\":\n"
          + "data: \"two lines\"}\n\n"
          + "data: [DONE]\r\n\r\n");

  @Test
  void theEchoFormatIsIndifferentToWhereTheBytesAreCut() {
    SplitStreams.Result whole = SplitStreams.assertSplitInvariant(STREAM, EchoDecoder::new, EchoEncoder::new, 300, 7);

    assertThat(whole.text()).isEqualTo("data: {\"t\":\"Hello\"}\n\n"
        + ": ping\n\n"
        // Jackson's UTF-8 writer escapes characters outside the BMP: still the same JSON string.
        + "data: {\"t\":\"✓ done \\uD83D\\uDE00\"}\n\n"
        + "data: {\"t\":\"two lines\"}\n\n"
        + "data: [DONE]\n\n");
    assertThat(whole.upstreamFinished()).isTrue();
    assertThat(whole.ended()).isTrue();
    assertThat(whole.failure()).isNull();
  }

  @Test
  void aFailureFallsAtTheSameEventHoweverTheBytesAreCut() {
    Buffer broken = utf8("data: {\"t\":\"a\"}\n\ndata: {\"t\":\"b\"}\n\ndata: {oops\n\ndata: {\"t\":\"c\"}\n\n");

    SplitStreams.Result whole = SplitStreams.assertSplitInvariant(broken, EchoDecoder::new, EchoEncoder::new, 100, 11);

    assertThat(whole.text()).isEqualTo("data: {\"t\":\"a\"}\n\ndata: {\"t\":\"b\"}\n\n");
    assertThat(whole.failure()).isInstanceOf(StreamTranslationException.class);
    assertThat(whole.ended()).isFalse();
  }

  @Test
  void aTranslationThatDependsOnTheCutsIsCaught() {
    // An encoder numbering its events across runs writes different bytes each run: the harness
    // must notice rather than compare a run with itself.
    AtomicInteger shared = new AtomicInteger();
    StreamEncoder numbering = (event, out) -> {
      if (event instanceof Event.Delta) {
        out.appendString("data: " + shared.incrementAndGet() + "\n\n");
      }
    };

    assertThatThrownBy(() -> SplitStreams.assertSplitInvariant(STREAM, EchoDecoder::new, () -> numbering, 5, 1))
        .isInstanceOf(AssertionError.class).hasMessageContaining("byte by byte");
  }

  @Test
  void splitsCoverTheBytesExactlyAndCutInsideCharacters() {
    Buffer bytes = utf8("✓😀\r\n");
    Random random = new Random(3);
    boolean cutInsideEmoji = false;
    for (int n = 0; n < 200; n++) {
      List<Buffer> chunks = SplitStreams.split(bytes, random);
      Buffer joined = Buffer.buffer();
      chunks.forEach(joined::appendBuffer);
      assertThat(joined.getBytes()).isEqualTo(bytes.getBytes());
      assertThat(chunks).allMatch(c -> c.length() > 0);
      cutInsideEmoji |= chunks.get(0).length() > 3 && chunks.get(0).length() < 7;
    }
    assertThat(cutInsideEmoji).isTrue();
    assertThat(SplitStreams.bytewise(bytes)).hasSize(bytes.length());
  }
}
