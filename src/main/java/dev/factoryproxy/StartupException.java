package dev.factoryproxy;

/**
 * A reason the proxy cannot start that the operator can fix, phrased as one line.
 * It carries no stack trace: the message is the whole story, and {@code logback.xml}
 * keeps launchers from printing it a second time.
 */
public class StartupException extends RuntimeException {

  public StartupException(String message) {
    super(message, null, false, false);
  }
}
