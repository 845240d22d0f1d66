package dev.factoryproxy.route;

import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.route.impl.HealthHandlerImpl;
import dev.factoryproxy.tokens.TokenPool;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health}: {@code {"status":"healthy","api_key_configured":true,"tokens":[...],...}} for
 * clients that probe their base URL, and {@code GET /health/ready} for load balancers. It does not call Factory AI: a health
 * check that spends the owner's quota, or fails when Factory has a bad minute, helps nobody.
 */
public interface HealthHandler extends Handler<RoutingContext> {

  /** {@code GET /health}: 200 while the process is up, with every upstream token's state. */
  static HealthHandler create(ProxySettings settings, TokenPool tokens) {
    return new HealthHandlerImpl(settings, tokens, false);
  }

  /** {@code GET /health/ready}: 503 when no upstream token is usable, so a load balancer sends traffic elsewhere. */
  static HealthHandler ready(ProxySettings settings, TokenPool tokens) {
    return new HealthHandlerImpl(settings, tokens, true);
  }
}
