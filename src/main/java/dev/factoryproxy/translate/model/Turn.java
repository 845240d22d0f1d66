package dev.factoryproxy.translate.model;

import java.util.List;

/** One message of the conversation. */
public record Turn(Role role, List<Content> parts) {

  public Turn {
    parts = List.copyOf(parts);
  }
}
