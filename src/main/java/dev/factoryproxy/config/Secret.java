package dev.factoryproxy.config;

import java.util.Objects;

/**
 * A credential that never prints itself: {@link #toString()} is redacted, so a settings
 * record can be logged or thrown in an exception without leaking what it holds.
 */
public record Secret(String value) {

  public Secret {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
