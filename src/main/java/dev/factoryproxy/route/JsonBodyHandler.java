package dev.factoryproxy.route;

import dev.factoryproxy.body.JsonBodyScanner;
import dev.factoryproxy.body.ModelAliases;
import dev.factoryproxy.route.impl.JsonBodyHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks that the body read by {@link BoundedBodyHandler} is one JSON object (400 in the
 * route's error format otherwise), notes its model for the access log, and applies the
 * configured model aliases. The body is not rebuilt: unless an alias applies it goes
 * upstream byte for byte as it came.
 */
public interface JsonBodyHandler extends Handler<RoutingContext> {

  static JsonBodyHandler create(JsonBodyScanner scanner, ModelAliases aliases) {
    return new JsonBodyHandlerImpl(scanner, aliases);
  }
}
