package dev.factoryproxy.tokens;

import io.vertx.core.Vertx;
import java.time.Clock;

/** The source a token's spec names. */
final class TokenSources {

  private TokenSources() {
  }

  static TokenSource of(Vertx vertx, TokenSpec spec, Clock clock) {
    return switch (spec.kind()) {
      case STATIC -> new StaticTokenSource(spec.token());
      case FILE, COMMAND -> throw new UnsupportedOperationException(spec.kind() + " tokens come with the next step");
    };
  }
}
