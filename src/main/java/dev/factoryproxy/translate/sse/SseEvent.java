package dev.factoryproxy.translate.sse;

/**
 * One server-sent event as the framer read it.
 *
 * @param event the {@code event:} field, or {@code null} when the event had none
 * @param data the {@code data:} lines joined with {@code \n}, as the SSE spec joins them
 */
public record SseEvent(String event, String data) {
}
