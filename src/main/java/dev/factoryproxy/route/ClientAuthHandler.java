package dev.factoryproxy.route;

import dev.factoryproxy.config.ClientKeys;
import dev.factoryproxy.route.impl.ClientAuthHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request on only when it carries one of the configured client keys, as
 * {@code Authorization: Bearer <key>} (OpenAI SDKs, Claude Code's auth token) or
 * {@code x-api-key: <key>} (Anthropic SDKs). With no keys configured every request passes.
 */
public interface ClientAuthHandler extends Handler<RoutingContext> {

  static ClientAuthHandler create(ClientKeys keys) {
    return new ClientAuthHandlerImpl(keys);
  }
}
