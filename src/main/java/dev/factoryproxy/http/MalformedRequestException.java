package dev.factoryproxy.http;

/**
 * A request whose framing the proxy refuses to guess at. The message is fixed text written
 * here, never client input, so it is safe to send back in the 400.
 */
public final class MalformedRequestException extends IllegalArgumentException {

  public MalformedRequestException(String message) {
    super(message);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    // An expected outcome of bad input: a stack trace would only cost time.
    return this;
  }
}
