package dev.factoryproxy.translate;

import dev.factoryproxy.translate.model.Event;
import io.vertx.core.buffer.Buffer;

/**
 * Writes common {@link Event}s as one format's server-sent events, an event at a time, keeping
 * that format's invariants (Messages: {@code message_start} first, matched block indexes,
 * {@code message_stop} last; Chat: the role first, stable tool-call indexes, one finish reason,
 * {@code [DONE]} last; Responses: rising {@code sequence_number}, {@code response.completed} with
 * the whole output). One instance per stream; event-loop confined.
 */
public interface StreamEncoder {

  /** Appends the client's bytes for {@code event} (possibly none) to {@code out}. */
  void encode(Event event, Buffer out);
}
