package dev.factoryproxy.error;

import dev.factoryproxy.config.RouteSpec;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** Picks an error format for requests that matched no route, from the route table. */
public final class ErrorFormats {

  private ErrorFormats() {
  }

  /**
   * A path under a route's path speaks that route's format ({@code /v1/messages/count_tokens}
   * is an Anthropic client); anything else gets OpenAI's, the more common envelope.
   */
  public static Function<RoutingContext, ErrorFormat> byPathPrefix(List<RouteSpec> routes) {
    return ctx -> forPath(routes, ctx.request().path());
  }

  /** The format for a request path, by the same rule. */
  public static ErrorFormat forPath(List<RouteSpec> routes, String path) {
    for (RouteSpec route : routes) {
      for (String prefix : route.paths()) {
        if (path != null && path.startsWith(prefix)) {
          return route.errorFormat();
        }
      }
    }
    return ErrorFormat.OPENAI;
  }
}
