package dev.factoryproxy.upstream;

import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.upstream.impl.ForwardHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.RoutingContext;

/**
 * Last stage of a proxied route: sends the request to Factory AI and relays the response.
 * The response is piped with backpressure, event-stream headers go out at once, upstream
 * errors pass through as they are, and a client that goes away resets the upstream request.
 */
public interface ForwardHandler extends Handler<RoutingContext> {

  static ForwardHandler create(Vertx vertx, HttpClient client, ProxySettings settings, RouteSpec route) {
    return new ForwardHandlerImpl(vertx, client, settings, route);
  }
}
