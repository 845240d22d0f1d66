package dev.factoryproxy.translate.messages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.UpstreamError;

/** Anthropic's error shape: {@code {"type":"error","error":{"type":…,"message":…}}}. */
final class MessagesErrors {

  private MessagesErrors() {
  }

  /** The error, or {@code null} when the body is not one. */
  static UpstreamError read(JsonNode body) {
    if (body == null || !"error".equals(body.path("type").asText()) || !body.path("error").isObject()) {
      return null;
    }
    JsonNode error = body.get("error");
    return new UpstreamError(error.path("type").asText(null), null, error.path("message").asText(null));
  }
}
