package dev.factoryproxy.translate.model;

import dev.factoryproxy.translate.EventSink;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link CompleteMessage} a stream of {@link Event}s describes: for a client that
 * asked for a whole answer from an upstream that only streams, and for anything that needs the
 * answer once the stream is over. It keeps what the answer holds (its blocks' text, ids, usage),
 * never the events themselves.
 *
 * <p>Lenient where the events are: a {@link Event.Delta} for a block that never started opens
 * one of the kind its delta implies, and blocks are ordered by index whatever order they
 * arrived in. One instance per stream; not thread-safe.
 */
public final class MessageAccumulator implements EventSink {

  private String id;
  private String model;
  private Usage usage = Usage.NONE;
  private final Map<Integer, BlockBuilder> blocks = new TreeMap<>();
  private StopReason stopReason;
  private String stopSequence;
  private boolean finished;
  private Event.Failure failure;

  @Override
  public void accept(Event event) {
    if (event instanceof Event.Start start) {
      id = start.id();
      model = start.model();
      usage = usage.merge(start.usage());
    } else if (event instanceof Event.BlockStart blockStart) {
      blocks.put(blockStart.index(), new BlockBuilder(blockStart.kind(), blockStart.id(), blockStart.name()));
    } else if (event instanceof Event.Delta delta) {
      blocks.computeIfAbsent(delta.index(), i -> new BlockBuilder(kindOf(delta.kind()), null, null)).add(delta);
    } else if (event instanceof Event.Finish finish) {
      stopReason = finish.reason();
      stopSequence = finish.stopSequence();
      usage = usage.merge(finish.usage());
      finished = true;
    } else if (event instanceof Event.Failure failed) {
      failure = failed;
    }
    // BlockStop and Ping change nothing of the answer.
  }

  /** Whether the stream reached its {@link Event.Finish}: the answer is whole. */
  public boolean finished() {
    return finished;
  }

  /** The error the upstream reported in the stream, or {@code null}. */
  public Event.Failure failure() {
    return failure;
  }

  /** The answer so far; complete once {@link #finished()}. */
  public CompleteMessage build() {
    return new CompleteMessage(id, model, blocks.values().stream().map(BlockBuilder::build).toList(),
        stopReason, stopSequence, usage);
  }

  private static BlockKind kindOf(Event.DeltaKind kind) {
    return switch (kind) {
      case TEXT -> BlockKind.TEXT;
      case THINKING, SIGNATURE -> BlockKind.THINKING;
      case ARGUMENTS -> BlockKind.TOOL_CALL;
      case REDACTED -> BlockKind.REDACTED_THINKING;
    };
  }

  /** One block being read: its text (or arguments, thinking, redacted data) and signature. */
  private static final class BlockBuilder {

    private final BlockKind kind;
    private final String id;
    private final String name;
    private final StringBuilder text = new StringBuilder();
    /** {@code null} until a signature delta arrives, so "no signature" stays distinct from "". */
    private StringBuilder signature;

    BlockBuilder(BlockKind kind, String id, String name) {
      this.kind = kind;
      this.id = id;
      this.name = name;
    }

    void add(Event.Delta delta) {
      if (delta.text() == null) {
        return;
      }
      if (delta.kind() == Event.DeltaKind.SIGNATURE) {
        if (signature == null) {
          signature = new StringBuilder();
        }
        signature.append(delta.text());
      } else {
        text.append(delta.text());
      }
    }

    CompleteMessage.Block build() {
      return new CompleteMessage.Block(kind, text.toString(), signature == null ? null : signature.toString(),
          id, name);
    }
  }
}
