package dev.factoryproxy.translate;

/**
 * A request cannot be carried into the target format without changing its meaning, or is not
 * a valid request of its own format. The client gets a 400 in its own error shape with this
 * message, which names the field (for example {@code "n": more than one choice cannot be
 * translated to Anthropic Messages}).
 */
public final class TranslationException extends RuntimeException {

  private final String field;

  public TranslationException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** The JSON field at fault, as the client spelled it (e.g. {@code n}, {@code tools[2].type}). */
  public String field() {
    return field;
  }
}
