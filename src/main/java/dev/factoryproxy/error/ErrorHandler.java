package dev.factoryproxy.error;

import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.error.impl.ErrorHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Answers a failed request with the proxy's own error, as JSON in the format the client
 * speaks. Mounted as each proxied route's failure handler and as the Router's 404/405 handler.
 */
public interface ErrorHandler extends Handler<RoutingContext> {

  /** For a route: every error in its one format, logged under the route's name. */
  static ErrorHandler create(RouteSpec route) {
    return new ErrorHandlerImpl(route.name(), ctx -> route.errorFormat());
  }

  /** For requests no route took: the format is chosen from the request, usually its path. */
  static ErrorHandler create(Function<RoutingContext, ErrorFormat> format) {
    return new ErrorHandlerImpl(null, format);
  }
}
