package dev.factoryproxy.route;

import dev.factoryproxy.body.JsonBodyScanner;
import dev.factoryproxy.route.impl.JsonBodyHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks that the body read by {@link BoundedBodyHandler} is one JSON object (400 in the
 * route's error format otherwise) and notes what later stages need of it (the model and where
 * its string lies, {@code stream}), in one streaming pass. The body is not rebuilt.
 */
public interface JsonBodyHandler extends Handler<RoutingContext> {

  static JsonBodyHandler create(JsonBodyScanner scanner) {
    return new JsonBodyHandlerImpl(scanner);
  }
}
