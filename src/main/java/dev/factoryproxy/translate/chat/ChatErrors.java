package dev.factoryproxy.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.JsonTrees;
import dev.factoryproxy.translate.UpstreamError;

/**
 * Error bodies of a Chat upstream: OpenAI's {@code {"error": {"message", "type", "code"}}} (some
 * servers send {@code error} as a bare string) and Factory's own {@code {"detail": "..."}}.
 */
final class ChatErrors {

  private ChatErrors() {
  }

  static UpstreamError read(JsonNode body) {
    if (body == null || !body.isObject()) {
      return null;
    }
    JsonNode error = body.get("error");
    if (error != null && error.isObject()) {
      JsonNode code = error.get("code");
      return new UpstreamError(ChatJson.text(error, "type"),
          code == null || code.isNull() ? null : code.asText(), ChatJson.text(error, "message"));
    }
    if (error != null && error.isTextual()) {
      return new UpstreamError(null, null, error.asText());
    }
    JsonNode detail = body.get("detail");
    if (detail != null && !detail.isNull()) {
      return new UpstreamError(null, null, detail.isTextual() ? detail.asText() : JsonTrees.write(detail));
    }
    return null;
  }
}
