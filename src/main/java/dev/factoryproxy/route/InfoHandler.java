package dev.factoryproxy.route;

import dev.factoryproxy.config.ProxySettings;
import dev.factoryproxy.route.impl.InfoHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /}: the proxy's name, version and status, every route with the upstream URL it
 * forwards to, whether client keys are required, and the cluster this node sees. No secrets.
 */
public interface InfoHandler extends Handler<RoutingContext> {

  static InfoHandler create(ProxySettings settings) {
    return new InfoHandlerImpl(settings);
  }
}
