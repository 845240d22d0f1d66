package dev.factoryproxy.translate.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.factoryproxy.translate.UpstreamError;

/** OpenAI's error body, {@code {"error":{"message","type","code"}}}, and Factory's {@code {"detail":"…"}}. */
final class ResponsesErrors {

  private ResponsesErrors() {
  }

  static UpstreamError read(JsonNode body) {
    if (body == null || !body.isObject()) {
      return null;
    }
    JsonNode error = body.get("error");
    if (error != null && error.isObject()) {
      String message = Json.text(error, "message");
      return new UpstreamError(Json.text(error, "type"), Json.text(error, "code"),
          message != null ? message : "");
    }
    if (error != null && error.isTextual()) {
      return new UpstreamError(null, null, error.asText());
    }
    JsonNode detail = body.get("detail");
    if (detail != null && detail.isTextual()) {
      return new UpstreamError(null, null, detail.asText());
    }
    return null;
  }
}
