package dev.factoryproxy.translate.messages;

import dev.factoryproxy.translate.TranslationContext;
import dev.factoryproxy.translate.TranslationException;
import dev.factoryproxy.translate.WireApi;

/** The wording of the reader's refusals: what cannot go where. */
final class Refusals {

  private Refusals() {
  }

  static String name(TranslationContext ctx) {
    WireApi upstream = ctx.upstream();
    if (upstream == null) {
      return "the upstream format";
    }
    return upstream.title();
  }

  /** A refusal of {@code what} at {@code field}. */
  static TranslationException cannotCarry(String field, String what, TranslationContext ctx) {
    return new TranslationException(field, "\"" + field + "\": " + what + " cannot be translated to "
        + name(ctx));
  }
}
