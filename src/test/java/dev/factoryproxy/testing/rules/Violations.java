package dev.factoryproxy.testing.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The violations one request body collects, each prefixed with where it is ({@code messages.2.content.0})
 * the way the real APIs name a field in their 400s, so a failing test says what the translator got wrong.
 */
final class Violations {

  private final List<String> found = new ArrayList<>();

  void add(String where, String what) {
    found.add(where.isEmpty() ? what : where + ": " + what);
  }

  /** A required, non-empty string field. */
  void requireText(JsonNode parent, String field, String where) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      add(where, field + " is required");
    } else if (!value.isTextual() || value.asText().isEmpty()) {
      add(where, field + " must be a non-empty string");
    }
  }

  /** A required string field that may be empty (tool arguments {@code ""} are a string). */
  void requireString(JsonNode parent, String field, String where) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      add(where, field + " is required");
    } else if (!value.isTextual()) {
      add(where, field + " must be a string, not " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  List<String> list() {
    return List.copyOf(found);
  }

  static String at(String where, String field) {
    return where.isEmpty() ? field : where + "." + field;
  }

  static String at(String where, int index) {
    return where + "." + index;
  }

  /** The node's text when it is a string, else null (a missing or mistyped field). */
  static String text(JsonNode parent, String field) {
    JsonNode value = parent == null ? null : parent.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
