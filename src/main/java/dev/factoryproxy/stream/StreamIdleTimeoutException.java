package dev.factoryproxy.stream;

/** An upstream body went longer than the stream idle timeout without a chunk. */
public final class StreamIdleTimeoutException extends RuntimeException {

  public StreamIdleTimeoutException(long idleMillis) {
    super("no upstream data for " + idleMillis + " ms", null, false, false);
  }
}
