package dev.factoryproxy.translate.model;

/**
 * The common model of a streamed answer. Every format's stream reader turns upstream events into
 * these, and every format's stream writer turns these into the client's events, so three formats
 * need three readers and three writers rather than six pairwise translators.
 *
 * <p>The order is Anthropic's, the strictest of the three: one {@link Start}; then blocks, each
 * {@link BlockStart}, its {@link Delta}s, {@link BlockStop}, one at a time, with indexes rising
 * from 0; then one {@link Finish}. {@link Ping} may come anywhere; {@link Failure} ends a stream
 * instead of {@link Finish}. A stream that is cut ends with none of them.
 */
public sealed interface Event {

  /**
   * The answer begins.
   *
   * @param id the upstream's id for the answer ({@code msg_…}, {@code chatcmpl-…}, {@code resp_…})
   * @param model the model that answers, as the upstream named it
   * @param usage what is known of the usage so far (Anthropic gives the input here); may be {@link Usage#NONE}
   */
  record Start(String id, String model, Usage usage) implements Event {
  }

  /**
   * A block begins.
   *
   * @param index 0 for the first block of the answer, then 1, 2, …
   * @param id the tool call's id, for {@link BlockKind#TOOL_CALL}; else {@code null}
   * @param name the tool's name, for {@link BlockKind#TOOL_CALL}; else {@code null}
   */
  record BlockStart(int index, BlockKind kind, String id, String name) implements Event {
  }

  /**
   * More of the current block.
   *
   * @param kind what the text is: answer text, thinking, a signature, tool arguments (a piece of
   *     JSON text) or redacted thinking data
   */
  record Delta(int index, DeltaKind kind, String text) implements Event {
  }

  enum DeltaKind {
    TEXT,
    THINKING,
    SIGNATURE,
    ARGUMENTS,
    REDACTED
  }

  /** The block with this index is complete. */
  record BlockStop(int index) implements Event {
  }

  /**
   * The answer is complete.
   *
   * @param stopSequence the stop sequence that ended it, for {@link StopReason#STOP_SEQUENCE}
   * @param usage the final usage, merged over what {@link Start} said
   */
  record Finish(StopReason reason, String stopSequence, Usage usage) implements Event {
  }

  /** Keep-alive; Anthropic {@code ping}. */
  record Ping() implements Event {
  }

  /**
   * The upstream reported an error in the stream.
   *
   * @param type the upstream's error type (e.g. {@code overloaded_error}), or {@code null}
   */
  record Failure(String type, String message) implements Event {
  }
}
