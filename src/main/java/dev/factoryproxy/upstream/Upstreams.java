package dev.factoryproxy.upstream;

import dev.factoryproxy.catalog.ModelSpec;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.RouteSpec;
import java.util.HashMap;
import java.util.Map;

/**
 * Every {@link Upstream} a request can go to, built once: one per route (the route's path and
 * provider, for models the catalog does not list) and one per catalog model (its API's path and
 * its own provider and headers).
 */
public final class Upstreams {

  private final Map<String, Upstream> byRoute = new HashMap<>();
  private final Map<String, Upstream> byModel = new HashMap<>();

  public Upstreams(ProxySettings settings) {
    for (RouteSpec route : settings.routes()) {
      byRoute.put(route.name(), new Upstream(route.api(), route.name(),
          UpstreamTarget.of(settings.baseUrl(), route), UpstreamHeaders.of(route)));
    }
    for (ModelSpec model : settings.catalog().models()) {
      byModel.put(model.id(), new Upstream(model.api(), model.id(),
          UpstreamTarget.of(settings.baseUrl(), model.api().upstreamPath()),
          UpstreamHeaders.of(model.provider(), model.headers())));
    }
  }

  /** The route's own upstream. */
  public Upstream forRoute(RouteSpec route) {
    return byRoute.get(route.name());
  }

  /** The catalog model's upstream. */
  public Upstream forModel(ModelSpec model) {
    return byModel.get(model.id());
  }
}
