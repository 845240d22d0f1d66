package dev.factoryproxy.catalog;

import dev.factoryproxy.body.ModelAliases;
import dev.factoryproxy.body.RequestFacts;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.upstream.Upstream;
import dev.factoryproxy.upstream.Upstreams;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The stage that decides where a request goes, from the model it names. The client's API is the
 * route it called; the upstream's API is the model's catalog entry. Same API: the body goes on
 * byte for byte, with at most the model string renamed (an alias). Different APIs: the request
 * is marked for the translation stage. A model the catalog does not know goes to the route's own
 * upstream, as before the catalog existed, unless {@code STRICT_MODELS} refuses it.
 */
public final class ModelRouting implements Handler<RoutingContext> {

  private final ModelCatalog catalog;
  private final RouteSpec route;
  private final Upstream routeUpstream;
  private final Upstreams upstreams;

  private ModelRouting(ModelCatalog catalog, RouteSpec route, Upstreams upstreams) {
    this.catalog = catalog;
    this.route = route;
    this.routeUpstream = upstreams.forRoute(route);
    this.upstreams = upstreams;
  }

  public static ModelRouting create(ModelCatalog catalog, RouteSpec route, Upstreams upstreams) {
    return new ModelRouting(catalog, route, upstreams);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    RequestFacts facts = exchange.facts();
    String requested = facts.model();
    ModelCatalog.Resolved resolved = catalog.resolve(requested);
    if (resolved == null) {
      if (catalog.strict() && requested != null && route.api() != null) {
        ctx.fail(new ProxyFailure(ProxyError.MODEL_NOT_FOUND, "the model '" + requested
            + "' is not in this proxy's catalog (STRICT_MODELS is on); GET /v1/models lists the models"));
        return;
      }
      exchange.upstream(routeUpstream);
      exchange.model(requested, requested);
      ctx.next();
      return;
    }
    ModelSpec spec = resolved.spec();
    String upstreamModel = resolved.upstreamModel();
    exchange.model(requested, upstreamModel);
    if (spec != null && route.api() != null && spec.api() != route.api()) {
      exchange.upstream(upstreams.forModel(spec));
      exchange.translateTo(spec);
    } else {
      exchange.upstream(spec == null || route.api() == null ? routeUpstream : upstreams.forModel(spec));
      if (!upstreamModel.equals(requested)) {
        exchange.body(ModelAliases.splice(exchange.body(), facts, upstreamModel));
      }
    }
    ctx.next();
  }
}
