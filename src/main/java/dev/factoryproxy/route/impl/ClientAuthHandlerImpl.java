package dev.factoryproxy.route.impl;

import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.keys.KeyRegistry;
import dev.factoryproxy.keys.KeyRing;
import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.route.ClientAuthHandler;
import dev.factoryproxy.route.Exchange;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;

public final class ClientAuthHandlerImpl implements ClientAuthHandler {

  private static final String BEARER = "bearer ";

  private final KeyRegistry keys;
  private final Clock clock;

  public ClientAuthHandlerImpl(KeyRegistry keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    KeyRing ring = keys.current();
    if (!ring.required()) {
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    String bearer = bearer(request.getHeader("authorization"));
    String apiKey = request.getHeader("x-api-key");
    if (bearer == null && apiKey == null) {
      ctx.fail(new ProxyFailure(ProxyError.UNAUTHORIZED,
          "missing API key: send one of PROXY_API_KEYS as 'Authorization: Bearer <key>' or 'x-api-key: <key>'"));
      return;
    }
    Optional<KeySpec> byBearer = ring.find(bearer);
    Optional<KeySpec> byHeader = ring.find(apiKey);
    Optional<KeySpec> key = byBearer.isPresent() ? byBearer : byHeader;
    if (key.isEmpty()) {
      ctx.fail(new ProxyFailure(ProxyError.UNAUTHORIZED, "invalid API key"));
    } else if (!key.get().usableAt(clock.instant())) {
      // The same answer as an unknown key, with its name: the holder learns why, nobody learns more.
      ctx.fail(new ProxyFailure(ProxyError.UNAUTHORIZED, "API key " + key.get().name() + " is "
          + (key.get().disabled() ? "disabled" : "expired")));
    } else {
      Exchange.of(ctx).key(key.get());
      ctx.next();
    }
  }

  private static String bearer(String authorization) {
    if (authorization == null || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return authorization.substring(BEARER.length()).trim();
  }
}
