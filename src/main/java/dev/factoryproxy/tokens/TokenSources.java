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
      case FILE -> new FileTokenSource(vertx, spec.file());
      case COMMAND -> new CommandTokenSource(vertx, spec.command(), spec.ttl(), clock);
    };
  }
}
