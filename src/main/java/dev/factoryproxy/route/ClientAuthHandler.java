package dev.factoryproxy.route;

import dev.factoryproxy.keys.KeyRegistry;
import dev.factoryproxy.route.impl.ClientAuthHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * Lets a request on only when it carries one of the configured client keys ({@code KEYS_FILE}
 * or {@code PROXY_API_KEYS}), usable now (neither disabled nor expired), as
 * {@code Authorization: Bearer <key>} (OpenAI SDKs, Claude Code's auth token) or
 * {@code x-api-key: <key>} (Anthropic SDKs). The key's spec goes into the {@link Exchange}.
 * With no keys configured every request passes.
 */
public interface ClientAuthHandler extends Handler<RoutingContext> {

  static ClientAuthHandler create(KeyRegistry keys, Clock clock) {
    return new ClientAuthHandlerImpl(keys, clock);
  }
}
