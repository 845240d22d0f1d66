package dev.factoryproxy.config;

import java.util.Locale;

/**
 * {@code TRANSPORT}: the network transport the event loops use. {@code auto} (the default) is
 * Vert.x's own choice, epoll where the kernel has it, else Java NIO. {@code io_uring} asks for
 * io_uring where the kernel has it: it costs less per small request, but with thousands of open
 * streams Netty's completion queue overflowed, event loops stalled for seconds, and under the
 * bench's burst of new streams Netty's allocator ran a 512 MiB proxy out of direct memory (the
 * README's Performance section). {@code nio} forces Java NIO. {@code epoll} is read as {@code auto}.
 */
public enum TransportChoice {
  AUTO, IO_URING, NIO;

  /** @param value the setting's value, or {@code null} when unset */
  public static TransportChoice parse(Object value) {
    String text = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "", "auto", "epoll" -> AUTO;
      case "io_uring", "iouring" -> IO_URING;
      case "nio" -> NIO;
      default -> throw new ConfigException("TRANSPORT must be auto, io_uring or nio, not '" + value.toString().trim() + "'");
    };
  }
}
