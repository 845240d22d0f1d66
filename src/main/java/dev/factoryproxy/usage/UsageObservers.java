package dev.factoryproxy.usage;

import dev.factoryproxy.translate.WireApi;

/**
 * Chooses the observer for one upstream answer. {@link #json()} reads non-streamed JSON answers
 * of the three APIs. Streamed answers ({@code text/event-stream}) are the translation layer's to
 * read: implement this and hand it to {@code ForwardHandler.create}, delegating JSON to
 * {@link #json()}.
 */
@FunctionalInterface
public interface UsageObservers {

  /**
   * @param api the API the answer speaks, or {@code null} for a route that is none of the three
   * @param contentType the answer's {@code Content-Type}, or {@code null}
   * @return the observer, or {@code null} to observe nothing
   */
  UsageObserver open(WireApi api, String contentType);

  static UsageObservers json() {
    return (api, contentType) -> api != null && contentType != null
        && contentType.regionMatches(true, 0, "application/json", 0, 16) ? new JsonUsageObserver(api) : null;
  }
}
