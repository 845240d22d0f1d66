package dev.factoryproxy.body;

/** The body is not one JSON object; the message says why, in words fit for the client. */
public final class InvalidJsonException extends RuntimeException {

  public InvalidJsonException(String message) {
    super(message, null, false, false);
  }
}
