package dev.factoryproxy.route.impl;

import dev.factoryproxy.ProxyVersion;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.route.HealthHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

public final class HealthHandlerImpl implements HealthHandler {

  private final Buffer body;

  public HealthHandlerImpl(ProxySettings settings) {
    // The token is validated at start, so a running proxy always has one configured.
    this.body = new JsonObject()
        .put("status", "healthy")
        .put("api_key_configured", true)
        .put("client_keys_required", settings.clientKeys().required())
        .put("version", ProxyVersion.get())
        .toBuffer();
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json").end(body);
  }
}
