package dev.factoryproxy.bench;

import io.vertx.core.buffer.Buffer;

/**
 * The wire format of one upstream stream: what goes out before the first tick, the event of each
 * tick (stamped with the write time), and what ends a stream that has a length.
 */
interface StreamShape {

  /** Written once before the first tick; empty when the format has no preamble. */
  Buffer opening();

  /** One event carrying {@code nanoTime}, the moment of the write. */
  Buffer tick(long nanoTime);

  /** Ends a stream of {@code sent} ticks. */
  Buffer closing(long sent);
}
