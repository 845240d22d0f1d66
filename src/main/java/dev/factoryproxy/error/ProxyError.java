package dev.factoryproxy.error;

/**
 * Every error the proxy itself answers with. Upstream errors are never mapped to these:
 * they reach the client as they are.
 */
public enum ProxyError {
  INVALID_JSON(400, "invalid_request_error", "invalid_json", "invalid_request_error"),
  MALFORMED_REQUEST(400, "invalid_request_error", "malformed_request", "invalid_request_error"),
  /** A request field the target API has no equivalent for, refused rather than silently dropped. */
  UNSUPPORTED_FIELD(400, "invalid_request_error", "unsupported_parameter", "invalid_request_error"),
  UNAUTHORIZED(401, "invalid_request_error", "invalid_api_key", "authentication_error"),
  /** The client is known but may not do this (for instance a model outside STRICT_MODELS). */
  PERMISSION(403, "invalid_request_error", "permission_denied", "permission_error"),
  ADMIN_FORBIDDEN(403, "permission_error", "admin_forbidden", "permission_error"),
  MODEL_NOT_ALLOWED(403, "permission_error", "model_not_allowed", "permission_error"),
  NOT_FOUND(404, "invalid_request_error", "not_found", "not_found_error"),
  /** OpenAI's own code for an unknown model; Anthropic answers an unknown model with not_found_error. */
  MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found", "not_found_error"),
  METHOD_NOT_ALLOWED(405, "invalid_request_error", "method_not_allowed", "invalid_request_error"),
  BODY_TIMEOUT(408, "invalid_request_error", "request_timeout", "invalid_request_error"),
  BODY_TOO_LARGE(413, "invalid_request_error", "request_too_large", "request_too_large"),
  URI_TOO_LONG(414, "invalid_request_error", "uri_too_long", "invalid_request_error"),
  HEADERS_TOO_LARGE(431, "invalid_request_error", "headers_too_large", "invalid_request_error"),
  /** OpenAI's own 429s say {@code "type": "requests"} or {@code "tokens"}. */
  RATE_LIMITED_REQUESTS(429, "requests", "rate_limit_exceeded", "rate_limit_error"),
  RATE_LIMITED_TOKENS(429, "tokens", "rate_limit_exceeded", "rate_limit_error"),
  /** Every upstream token is disabled (or has no value): nothing can be sent to Factory. */
  NO_UPSTREAM_TOKEN(503, "server_error", "no_upstream_token", "api_error"),
  INTERNAL(500, "server_error", "internal_error", "api_error"),
  UPSTREAM_UNAVAILABLE(502, "server_error", "upstream_unavailable", "api_error"),
  UPSTREAM_TIMEOUT(504, "server_error", "upstream_timeout", "timeout_error");

  private final int status;
  private final String openaiType;
  private final String openaiCode;
  private final String anthropicType;

  ProxyError(int status, String openaiType, String openaiCode, String anthropicType) {
    this.status = status;
    this.openaiType = openaiType;
    this.openaiCode = openaiCode;
    this.anthropicType = anthropicType;
  }

  public int status() {
    return status;
  }

  String openaiType() {
    return openaiType;
  }

  String openaiCode() {
    return openaiCode;
  }

  String anthropicType() {
    return anthropicType;
  }

  /** The error for a status that vertx-web raised without an exception (for instance 413). */
  public static ProxyError forStatus(int status) {
    for (ProxyError error : values()) {
      if (error.status == status) {
        return error;
      }
    }
    return INTERNAL;
  }
}
