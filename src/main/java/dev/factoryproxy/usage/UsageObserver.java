package dev.factoryproxy.usage;

import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.buffer.Buffer;

/**
 * Watches one upstream answer's bytes as the forwarder pipes them to the client, to learn the
 * tokens it reports. It sees each chunk after it was read and before it is written on; it must
 * neither keep nor alter the buffer, and must be quick: the client waits on it.
 */
public interface UsageObserver {

  void chunk(Buffer chunk);

  /** The answer ended cleanly: the usage it reported, {@link Usage#NONE} when it said none. */
  Usage end();
}
