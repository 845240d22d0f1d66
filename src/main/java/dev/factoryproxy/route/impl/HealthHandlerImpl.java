package dev.factoryproxy.route.impl;

import dev.factoryproxy.ProxyVersion;
import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.route.HealthHandler;
import dev.factoryproxy.tokens.TokenHealth;
import dev.factoryproxy.tokens.TokenPool;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

public final class HealthHandlerImpl implements HealthHandler {

  private final boolean clientKeysRequired;
  private final TokenPool tokens;
  private final boolean readiness;

  /** @param readiness {@code /health/ready}: 503 when no token is usable; {@code /health} is 200 while the process is up */
  public HealthHandlerImpl(ProxySettings settings, TokenPool tokens, boolean readiness) {
    this.clientKeysRequired = settings.clientKeys().required();
    this.tokens = tokens;
    this.readiness = readiness;
  }

  @Override
  public void handle(RoutingContext ctx) {
    boolean usable = tokens.anyUsable();
    JsonArray states = new JsonArray();
    for (TokenHealth token : tokens.health()) {
      states.add(token.toJson());
    }
    JsonObject body = new JsonObject()
        .put("status", readiness && !usable ? "unavailable" : "healthy")
        // The tokens are validated at start, so a running proxy always has one configured.
        .put("api_key_configured", true)
        .put("client_keys_required", clientKeysRequired)
        .put("version", ProxyVersion.get())
        .put("ready", usable)
        .put("tokens", states);
    ctx.response()
        .setStatusCode(readiness && !usable ? 503 : 200)
        .putHeader("content-type", "application/json")
        .putHeader("cache-control", "no-store")
        .end(body.toBuffer());
  }
}
