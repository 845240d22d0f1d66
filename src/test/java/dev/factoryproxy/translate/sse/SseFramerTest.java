package dev.factoryproxy.translate.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framer against the WHATWG event-stream rules, with chunks cut in every awkward place. */
class SseFramerTest {

  private static final int LIMIT = 1024;

  private final SseFramer framer = new SseFramer(LIMIT);
  private final List<SseEvent> events = new ArrayList<>();

  private List<SseEvent> feed(String... chunks) {
    for (String chunk : chunks) {
      framer.feed(Buffer.buffer(chunk.getBytes(StandardCharsets.UTF_8)), events::add);
    }
    return events;
  }

  private static List<SseEvent> framedAtEveryCut(String stream) {
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    List<SseEvent> first = null;
    for (int cut = 0; cut <= bytes.length; cut++) {
      SseFramer framer = new SseFramer(LIMIT);
      List<SseEvent> out = new ArrayList<>();
      framer.feed(Buffer.buffer(bytes).getBuffer(0, cut), out::add);
      framer.feed(Buffer.buffer(bytes).getBuffer(cut, bytes.length), out::add);
      if (first == null) {
        first = out;
      }
      assertThat(out).as("cut at byte " + cut).isEqualTo(first);
    }
    return first;
  }

  @Test
  void lfCrlfAndCrEndLinesAlike() {
    List<SseEvent> expected = List.of(new SseEvent("delta", "a"), new SseEvent(null, "b"));

    assertThat(new SseFramerTest().feed("event: delta\ndata: a\n\ndata: b\n\n")).isEqualTo(expected);
    assertThat(new SseFramerTest().feed("event: delta\r\ndata: a\r\n\r\ndata: b\r\n\r\n")).isEqualTo(expected);
    assertThat(new SseFramerTest().feed("event: delta\rdata: a\r\rdata: b\r\r")).isEqualTo(expected);
    assertThat(new SseFramerTest().feed("event: delta\r\ndata: a\n\rdata: b\r\n\n")).isEqualTo(expected);
  }

  @Test
  void aCrlfSplitBetweenChunksIsOneLineEnd() {
    // Were the LF read as a line of its own, it would be a blank line and dispatch "a" alone.
    assertThat(feed("data: a\r", "\ndata: b\r", "\n\r", "\n")).containsExactly(new SseEvent(null, "a\nb"));
  }

  @Test
  void twoCrsAreTwoLineEnds() {
    assertThat(feed("data: a\r", "\r", "data: b\r\r")).containsExactly(new SseEvent(null, "a"), new SseEvent(null, "b"));
  }

  @Test
  void dataLinesAreJoinedWithLf() {
    assertThat(feed("data: {\"a\":\ndata: 1}\ndata:\n\n")).containsExactly(new SseEvent(null, "{\"a\":\n1}\n"));
  }

  @Test
  void onlyOneLeadingSpaceIsStripped() {
    assertThat(feed("data:x\n\ndata:  two\n\nevent:  e\ndata: y\n\n")).containsExactly(
        new SseEvent(null, "x"), new SseEvent(null, " two"), new SseEvent(" e", "y"));
  }

  @Test
  void commentsAndPingsAreIgnored() {
    assertThat(feed(": ping\n\n:\n\n: keep-alive\ndata: x\n: between\ndata: y\n\n"))
        .containsExactly(new SseEvent(null, "x\ny"));
  }

  @Test
  void idRetryAndUnknownFieldsAreIgnored() {
    assertThat(feed("id: 7\nretry: 3000\nfoo: bar\ndata: x\n\n")).containsExactly(new SseEvent(null, "x"));
  }

  @Test
  void anEventWithoutDataIsNotDispatchedAndItsNameDoesNotLeak() {
    assertThat(feed("event: message_start\n\n", "id: 1\n\n", "data: after\n\n"))
        .containsExactly(new SseEvent(null, "after"));
  }

  @Test
  void theEventNameIsResetAfterEachDispatch() {
    assertThat(feed("event: first\ndata: 1\n\ndata: 2\n\n"))
        .containsExactly(new SseEvent("first", "1"), new SseEvent(null, "2"));
  }

  @Test
  void aFieldWithoutColonHasAnEmptyValue() {
    assertThat(feed("data\n\nevent\ndata: z\n\n")).containsExactly(new SseEvent(null, ""), new SseEvent(null, "z"));
  }

  @Test
  void anEventSplitAtEveryByteIsReadTheSame() {
    List<SseEvent> events = framedAtEveryCut(
        "event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\"}\r\n\r\n: ping\r\n\r\ndata: [DONE]\r\n\r\n");

    assertThat(events).containsExactly(
        new SseEvent("content_block_delta", "{\"type\":\"content_block_delta\"}"), new SseEvent(null, "[DONE]"));
  }

  @Test
  void aMultibyteCharacterSplitBetweenChunksIsDecodedWhole() {
    // ✓ is three bytes, 😀 four (a surrogate pair in Java): every cut inside them is tried.
    List<SseEvent> events = framedAtEveryCut("event: ✓\ndata: ok ✓ 😀 done\n\n");

    assertThat(events).containsExactly(new SseEvent("✓", "ok ✓ 😀 done"));
  }

  @Test
  void aCharacterSplitOverThreeChunksIsDecodedWhole() {
    byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
    framer.feed(Buffer.buffer("data: ").appendBytes(emoji, 0, 1), events::add);
    framer.feed(Buffer.buffer().appendBytes(emoji, 1, 2), events::add);
    framer.feed(Buffer.buffer().appendBytes(emoji, 3, 1).appendString("\n\n"), events::add);

    assertThat(events).containsExactly(new SseEvent(null, "😀"));
  }

  @Test
  void manyEventsInOneChunkAreDispatchedInOrder() {
    StringBuilder stream = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      stream.append("event: e").append(i).append("\ndata: ").append(i).append("\n\n");
    }

    List<SseEvent> events = feed(stream.toString());

    assertThat(events).hasSize(50);
    assertThat(events.get(0)).isEqualTo(new SseEvent("e0", "0"));
    assertThat(events.get(49)).isEqualTo(new SseEvent("e49", "49"));
  }

  @Test
  void anUnterminatedLastEventIsNotDispatched() {
    assertThat(feed("data: one\n\ndata: two\n")).containsExactly(new SseEvent(null, "one"));
  }

  @Test
  void aLeadingByteOrderMarkIsSkipped() {
    assertThat(feed("\uFEFFdata: x\n\n")).containsExactly(new SseEvent(null, "x"));
  }

  @Test
  void anEventUpToTheLimitIsRead() {
    SseFramer small = new SseFramer(16);
    List<SseEvent> out = new ArrayList<>();
    small.feed(Buffer.buffer("data: 0123456789"), out::add);
    small.feed(Buffer.buffer("\n\ndata: 0123456789\n\n"), out::add);

    assertThat(out).containsExactly(new SseEvent(null, "0123456789"), new SseEvent(null, "0123456789"));
  }

  @Test
  void aLineOverTheLimitThrowsEvenBeforeItEnds() {
    SseFramer small = new SseFramer(16);
    small.feed(Buffer.buffer("data: 0123456789"), e -> { });

    assertThatThrownBy(() -> small.feed(Buffer.buffer("X"), e -> { }))
        .isInstanceOf(SseFrameTooLargeException.class).hasMessageContaining("16 bytes");
  }

  @Test
  void aLineOverTheLimitInOneChunkThrows() {
    SseFramer small = new SseFramer(16);

    assertThatThrownBy(() -> small.feed(Buffer.buffer("data: 0123456789X\n\n"), e -> { }))
        .isInstanceOf(SseFrameTooLargeException.class);
  }

  @Test
  void manyShortDataLinesOverTheLimitThrow() {
    SseFramer small = new SseFramer(32);

    assertThatThrownBy(() -> small.feed(Buffer.buffer("data: 1234\n".repeat(4)), e -> { }))
        .isInstanceOf(SseFrameTooLargeException.class);
  }

  @Test
  void theLimitIsPerEventNotPerStream() {
    SseFramer small = new SseFramer(32);
    List<SseEvent> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      small.feed(Buffer.buffer("data: 1234\ndata: 5678\n\n: a comment that is long enough\n"), out::add);
    }

    assertThat(out).hasSize(100).allMatch(e -> e.data().equals("1234\n5678"));
  }
}
