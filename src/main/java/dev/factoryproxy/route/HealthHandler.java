package dev.factoryproxy.route;

import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.route.impl.HealthHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health}: {@code {"status":"healthy","api_key_configured":true,...}} for load
 * balancers and for clients that probe their base URL. It does not call Factory AI: a health
 * check that spends the owner's quota, or fails when Factory has a bad minute, helps nobody.
 */
public interface HealthHandler extends Handler<RoutingContext> {

  static HealthHandler create(ProxySettings settings) {
    return new HealthHandlerImpl(settings);
  }
}
