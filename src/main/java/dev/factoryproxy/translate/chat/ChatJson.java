package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Null-tolerant reads of Chat JSON: an absent field and a JSON {@code null} are both "not set". */
final class ChatJson {

  private ChatJson() {
  }

  static boolean present(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  /** The field's text, or {@code null} when it is absent, null or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** The field's number, or {@code null} when it is absent, null or not a number. */
  static Long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.asLong() : null;
  }

  static Double decimal(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }

  static Boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isBoolean() ? value.asBoolean() : null;
  }

  /** The field when it is an object, else a missing node (so chained reads stay null-free). */
  static JsonNode object(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isObject() ? value : MissingNode.getInstance();
  }
}
