package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.stream.DeadlineSweeper;
import dev.factoryproxy.tokens.TokenPool;
import dev.factoryproxy.translate.Formats;
import dev.factoryproxy.upstream.impl.ForwardHandlerImpl;
import dev.factoryproxy.usage.UsageObservers;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.RoutingContext;

/**
 * Last stage of a proxied route: sends the request to Factory AI (where the model routing stage
 * chose) and relays the response, translated when the request was.
 * The response is piped with backpressure, event-stream headers go out at once, upstream
 * errors pass through as they are, and a client that goes away resets the upstream request.
 */
public interface ForwardHandler extends Handler<RoutingContext> {

  /**
   * @param sweeper the event loop's enforcer of the response and stream idle timeouts
   * @param upstreams where requests may go; a request no stage routed goes to the route's own
   * @param tokens the upstream tokens: each attempt takes one, and reports what Factory said of it
   */
  static ForwardHandler create(HttpClient client, DeadlineSweeper sweeper, ProxySettings settings, RouteSpec route,
                               Upstreams upstreams, Formats formats, UsageObservers usage, TokenPool tokens) {
    return new ForwardHandlerImpl(client, sweeper, settings, route, upstreams, formats, usage, tokens);
  }
}
