package dev.factoryproxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * An upstream error answer re-shaped into the client's error format, keeping Factory's message:
 * a Claude Code session behind a Chat model still sees {@code {"type":"error",...}}, an OpenAI
 * SDK behind Claude still sees {@code {"error":{...}}}, and their retry logic still reads the
 * status (kept, with {@code Retry-After}, by the caller).
 */
public final class ErrorBodies {

  private ErrorBodies() {
  }

  /**
   * Reads an upstream error body in whichever of the three shapes it is, or in Factory's own
   * ({@code {"detail": "..."}}), or as plain text.
   */
  public static UpstreamError read(Buffer body, Formats formats, WireApi preferred) {
    JsonNode json = null;
    try {
      json = body.length() == 0 ? null : JsonTrees.parse(body);
    } catch (TranslationException notJson) {
      // plain text: kept as the message below
    }
    if (json != null) {
      UpstreamError error = formats.of(preferred).readError(json);
      for (WireApi api : WireApi.values()) {
        if (error == null) {
          error = formats.of(api).readError(json);
        }
      }
      if (error != null) {
        return error;
      }
      if (json.path("detail").isTextual()) {
        return new UpstreamError(null, null, json.path("detail").asText());
      }
      if (json.path("message").isTextual()) {
        return new UpstreamError(null, null, json.path("message").asText());
      }
    }
    String text = body.toString(StandardCharsets.UTF_8).strip();
    return new UpstreamError(null, null, text.isEmpty() ? "Factory AI answered without a message" : truncate(text));
  }

  /** The client's error body for an upstream error of this status. */
  public static Buffer render(WireApi client, int status, UpstreamError error) {
    ObjectNode body = JsonTrees.object();
    if (client == WireApi.MESSAGES) {
      body.put("type", "error");
      body.putObject("error")
          .put("type", anthropicType(status))
          .put("message", error.message());
    } else {
      ObjectNode inner = body.putObject("error");
      inner.put("message", error.message());
      inner.put("type", openaiType(status));
      inner.putNull("param");
      if (error.code() != null) {
        inner.put("code", error.code());
      } else {
        inner.putNull("code");
      }
    }
    return JsonTrees.buffer(body);
  }

  /**
   * The error type by status: the upstream's own type is of the other format's vocabulary, and an
   * SDK maps types (Anthropic) or statuses (OpenAI) to its exception classes.
   */
  static String anthropicType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  static String openaiType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  private static String truncate(String text) {
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }
}
