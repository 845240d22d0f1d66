package dev.factoryproxy.translate;

/**
 * An error as an upstream reported it, in no format in particular.
 *
 * @param type the upstream's error type ({@code rate_limit_error}, {@code invalid_request_error}),
 *     or {@code null}
 * @param code OpenAI's {@code code}, or {@code null}
 * @param message the upstream's message, kept for the client
 */
public record UpstreamError(String type, String code, String message) {
}
