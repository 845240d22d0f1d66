package dev.factoryproxy.error;

/**
 * Ends a request with one of the proxy's own errors: a stage calls
 * {@code ctx.fail(new ProxyFailure(...))} and the route's {@link ErrorHandler} renders it
 * in the client's format. Expected outcomes need no stack trace.
 */
public final class ProxyFailure extends RuntimeException {

  private final ProxyError error;

  public ProxyFailure(ProxyError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public ProxyError error() {
    return error;
  }
}
