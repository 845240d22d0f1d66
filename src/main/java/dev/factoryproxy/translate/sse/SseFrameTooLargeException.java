package dev.factoryproxy.translate.sse;

/**
 * An upstream line or event is larger than the framer may hold. The stream cannot be read on
 * without holding it all, so the caller cuts it.
 */
public final class SseFrameTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SseFrameTooLargeException(int maxEventBytes) {
    super("a server-sent event is larger than " + maxEventBytes + " bytes", null, false, false);
  }
}
