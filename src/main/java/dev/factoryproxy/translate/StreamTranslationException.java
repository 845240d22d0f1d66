package dev.factoryproxy.translate;

/**
 * A translated stream could not be read or written on: an upstream event that is not valid
 * JSON, one too large to hold, one the decoder or encoder refused. The cause says which. The
 * client's stream is cut, as for any upstream failure; the type lets the caller tell the two
 * apart (in logs and metrics).
 */
public final class StreamTranslationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StreamTranslationException(Throwable cause) {
    super("the upstream stream could not be translated: " + cause.getMessage(), cause, false, false);
  }
}
