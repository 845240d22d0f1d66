package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.stream.DeadlineSweeper;
import dev.factoryproxy.upstream.impl.ForwardHandlerImpl;
import dev.factoryproxy.usage.UsageObservers;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.RoutingContext;

/**
 * Last stage of a proxied route: sends the request to Factory AI and relays the response.
 * The response is piped with backpressure, event-stream headers go out at once, upstream
 * errors pass through as they are, and a client that goes away resets the upstream request.
 */
public interface ForwardHandler extends Handler<RoutingContext> {

  /**
   * @param sweeper the event loop's enforcer of the response and stream idle timeouts
   */
  static ForwardHandler create(HttpClient client, DeadlineSweeper sweeper, ProxySettings settings, RouteSpec route) {
    return create(client, sweeper, settings, route, UsageObservers.json());
  }

  /**
   * @param usage picks the observer that reads each answer's token usage into the
   *     {@link dev.factoryproxy.route.Exchange} as the bytes pass (never altering or delaying them)
   */
  static ForwardHandler create(HttpClient client, DeadlineSweeper sweeper, ProxySettings settings, RouteSpec route,
                               UsageObservers usage) {
    return new ForwardHandlerImpl(client, sweeper, settings, route, usage);
  }
}
