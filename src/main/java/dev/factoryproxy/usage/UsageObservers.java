package dev.factoryproxy.usage;

import dev.factoryproxy.translate.WireApi;

/**
 * Chooses the observer for one passed-through upstream answer: {@link #standard()} reads
 * non-streamed JSON answers and event streams of the three APIs. (A translated answer's usage
 * comes from the translation itself, see {@code TranslatedAnswer}.)
 */
@FunctionalInterface
public interface UsageObservers {

  /**
   * @param api the API the answer speaks, or {@code null} for a route that is none of the three
   * @param contentType the answer's {@code Content-Type}, or {@code null}
   * @return the observer, or {@code null} to observe nothing
   */
  UsageObserver open(WireApi api, String contentType);

  /** JSON answers and event streams of the three APIs. */
  static UsageObservers standard() {
    UsageObservers json = json();
    return (api, contentType) -> api != null && contentType != null
        && contentType.regionMatches(true, 0, "text/event-stream", 0, 17)
        ? new SseUsageObserver(api) : json.open(api, contentType);
  }

  static UsageObservers json() {
    return (api, contentType) -> api != null && contentType != null
        && contentType.regionMatches(true, 0, "application/json", 0, 16) ? new JsonUsageObserver(api) : null;
  }
}
