package dev.factoryproxy.translate;

import dev.factoryproxy.translate.sse.SseEvent;

/**
 * Reads one upstream stream of one format into {@link dev.factoryproxy.translate.model.Event}s,
 * an event at a time, holding no more than the state the format needs between events (open
 * block indexes, the usage seen so far). One instance per stream; event-loop confined.
 */
public interface StreamDecoder {

  /** Turns one upstream event into zero or more common events, at once. */
  void decode(SseEvent event, EventSink sink);

  /**
   * Whether the upstream sent its terminal event ({@code message_stop}, {@code [DONE]},
   * {@code response.completed} / {@code incomplete} / {@code failed}, or an error event). A
   * stream whose body ends before that was cut.
   */
  boolean finished();
}
