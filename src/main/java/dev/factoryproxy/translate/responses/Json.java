package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;

/** Null-safe reads of optional fields: a missing field and a JSON {@code null} are the same here. */
final class Json {

  private Json() {
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static boolean present(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && !value.isNull() && !value.isMissingNode();
  }

  static Long number(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || !value.isNumber() ? null : value.asLong();
  }

  static Double decimal(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || !value.isNumber() ? null : value.asDouble();
  }

  static Boolean bool(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || !value.isBoolean() ? null : value.asBoolean();
  }

}
