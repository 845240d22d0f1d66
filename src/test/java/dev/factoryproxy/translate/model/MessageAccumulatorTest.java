package dev.factoryproxy.translate.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The accumulator on the event sequence of an Anthropic Messages stream with thinking, text, a
 * tool call and redacted thinking (the shape of the streaming example in Anthropic's docs).
 */
class MessageAccumulatorTest {

  private final MessageAccumulator accumulator = new MessageAccumulator();

  private void feed(Event... events) {
    for (Event event : events) {
      accumulator.accept(event);
    }
  }

  @Test
  void aWholeStreamBecomesTheAnswerItDescribes() {
    feed(new Event.Start("msg_01", "claude-sonnet-4-5", new Usage(25L, 1L, 0L, 100L, null)),
        new Event.BlockStart(0, BlockKind.THINKING, null, null),
        new Event.Delta(0, Event.DeltaKind.THINKING, "Let me "),
        new Event.Delta(0, Event.DeltaKind.THINKING, "think."),
        new Event.Delta(0, Event.DeltaKind.SIGNATURE, "EqQBCgIYAh"),
        new Event.BlockStop(0),
        new Event.Ping(),
        new Event.BlockStart(1, BlockKind.TEXT, null, null),
        new Event.Delta(1, Event.DeltaKind.TEXT, "Checking the "),
        new Event.Delta(1, Event.DeltaKind.TEXT, "weather ✓"),
        new Event.BlockStop(1),
        new Event.BlockStart(2, BlockKind.TOOL_CALL, "toolu_01", "get_weather"),
        new Event.Delta(2, Event.DeltaKind.ARGUMENTS, ""),
        new Event.Delta(2, Event.DeltaKind.ARGUMENTS, "{\"location\": \"San"),
        new Event.Delta(2, Event.DeltaKind.ARGUMENTS, " Francisco\"}"),
        new Event.BlockStop(2),
        new Event.BlockStart(3, BlockKind.REDACTED_THINKING, null, null),
        new Event.Delta(3, Event.DeltaKind.REDACTED, "EmwKAhgB"),
        new Event.BlockStop(3));
    assertThat(accumulator.finished()).isFalse();

    feed(new Event.Finish(StopReason.TOOL_USE, null, new Usage(25L, 89L, 0L, 100L, null)));

    assertThat(accumulator.finished()).isTrue();
    assertThat(accumulator.build()).isEqualTo(new CompleteMessage("msg_01", "claude-sonnet-4-5", List.of(
        CompleteMessage.Block.thinking("Let me think.", "EqQBCgIYAh"),
        CompleteMessage.Block.text("Checking the weather ✓"),
        CompleteMessage.Block.toolCall("toolu_01", "get_weather", "{\"location\": \"San Francisco\"}"),
        new CompleteMessage.Block(BlockKind.REDACTED_THINKING, "EmwKAhgB", null, null, null)),
        StopReason.TOOL_USE, null, new Usage(25L, 89L, 0L, 100L, null)));
  }

  @Test
  void finishUsageIsMergedOverStartUsage() {
    feed(new Event.Start("chatcmpl-1", "glm-4.6", new Usage(10L, null, 4L, null, null)),
        new Event.Finish(StopReason.STOP_SEQUENCE, "###", new Usage(null, 7L, null, null, 2L)));

    CompleteMessage message = accumulator.build();

    assertThat(message.usage()).isEqualTo(new Usage(10L, 7L, 4L, null, 2L));
    assertThat(message.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
    assertThat(message.stopSequence()).isEqualTo("###");
  }

  @Test
  void thinkingWithoutSignatureKeepsNone() {
    feed(new Event.BlockStart(0, BlockKind.THINKING, null, null),
        new Event.Delta(0, Event.DeltaKind.THINKING, "hmm"));

    assertThat(accumulator.build().blocks()).containsExactly(CompleteMessage.Block.thinking("hmm", null));
  }

  @Test
  void aDeltaWithoutItsBlockStartOpensABlockOfItsKind() {
    feed(new Event.Delta(1, Event.DeltaKind.ARGUMENTS, "{}"),
        new Event.Delta(0, Event.DeltaKind.TEXT, "hi"));

    assertThat(accumulator.build().blocks()).containsExactly(
        CompleteMessage.Block.text("hi"),
        new CompleteMessage.Block(BlockKind.TOOL_CALL, "{}", null, null, null));
  }

  @Test
  void aStreamWithoutFinishIsNotFinishedAndKeepsWhatArrived() {
    feed(new Event.Start("resp_1", "gpt-5", Usage.NONE),
        new Event.BlockStart(0, BlockKind.TEXT, null, null),
        new Event.Delta(0, Event.DeltaKind.TEXT, "partial"),
        new Event.Failure("overloaded_error", "Overloaded"));

    assertThat(accumulator.finished()).isFalse();
    assertThat(accumulator.failure()).isEqualTo(new Event.Failure("overloaded_error", "Overloaded"));
    assertThat(accumulator.build().blocks()).containsExactly(CompleteMessage.Block.text("partial"));
    assertThat(accumulator.build().stopReason()).isNull();
    assertThat(accumulator.build().usage()).isEqualTo(Usage.NONE);
  }
}
