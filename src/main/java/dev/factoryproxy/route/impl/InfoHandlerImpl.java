package dev.factoryproxy.route.impl;

import dev.factoryproxy.ProxyVersion;
import dev.factoryproxy.cluster.ClusterView;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.route.InfoHandler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

public final class InfoHandlerImpl implements InfoHandler {

  private final JsonObject fixed;

  public InfoHandlerImpl(ProxySettings settings) {
    JsonArray routes = new JsonArray();
    for (RouteSpec route : settings.routes()) {
      routes.add(new JsonObject()
          .put("name", route.name())
          .put("method", "POST")
          .put("paths", new JsonArray(route.paths()))
          .put("upstream", settings.upstreamUrl(route))
          .put("provider", route.provider())
          .put("errors", route.errorFormat().name().toLowerCase(java.util.Locale.ROOT)));
    }
    this.fixed = new JsonObject()
        .put("name", "factory-proxy")
        .put("version", ProxyVersion.get())
        .put("status", "running")
        .put("upstream", settings.baseUrl().toString())
        .put("client_keys_required", settings.clientKeys().required())
        .put("routes", routes);
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonObject info = fixed.copy().put("cluster", ClusterView.describe(ctx.vertx()));
    ctx.response().putHeader("content-type", "application/json").end(info.toBuffer());
  }
}
