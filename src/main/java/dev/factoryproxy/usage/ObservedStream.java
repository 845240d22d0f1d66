package dev.factoryproxy.usage;

import dev.factoryproxy.translate.model.Usage;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * A read stream that shows each chunk to a {@link UsageObserver} on its way through, and hands
 * the usage on before the end passes: the bytes, their order and their timing are the source's.
 */
public final class ObservedStream implements ReadStream<Buffer> {

  private final ReadStream<Buffer> source;
  private final UsageObserver observer;
  private final Consumer<Usage> onUsage;

  private ObservedStream(ReadStream<Buffer> source, UsageObserver observer, Consumer<Usage> onUsage) {
    this.source = source;
    this.observer = observer;
    this.onUsage = onUsage;
  }

  /** The source itself when there is nothing to observe. */
  public static ReadStream<Buffer> wrap(ReadStream<Buffer> source, UsageObserver observer, Consumer<Usage> onUsage) {
    return observer == null ? source : new ObservedStream(source, observer, onUsage);
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    source.handler(handler == null ? null : chunk -> {
      try {
        observer.chunk(chunk);
      } catch (RuntimeException e) {
        // Counting must never cost the client its answer.
      }
      handler.handle(chunk);
    });
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    source.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    source.fetch(amount);
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
    source.endHandler(endHandler == null ? null : v -> {
      try {
        onUsage.accept(observer.end());
      } catch (RuntimeException e) {
        // as above: the answer ends whatever the count did
      }
      endHandler.handle(v);
    });
    return this;
  }
}
