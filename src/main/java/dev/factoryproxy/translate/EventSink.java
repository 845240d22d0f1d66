package dev.factoryproxy.translate;

import dev.factoryproxy.translate.model.Event;

/** Receives the events of an answer in the common model, in order. */
@FunctionalInterface
public interface EventSink {

  void accept(Event event);
}
