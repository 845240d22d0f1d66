package dev.factoryproxy.route.impl;

import dev.factoryproxy.config.ClientKeys;
import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.route.ClientAuthHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

public final class ClientAuthHandlerImpl implements ClientAuthHandler {

  private static final String BEARER = "bearer ";

  private final ClientKeys keys;

  public ClientAuthHandlerImpl(ClientKeys keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!keys.required()) {
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    String bearer = bearer(request.getHeader("authorization"));
    String apiKey = request.getHeader("x-api-key");
    if (bearer == null && apiKey == null) {
      ctx.fail(new ProxyFailure(ProxyError.UNAUTHORIZED,
          "missing API key: send one of PROXY_API_KEYS as 'Authorization: Bearer <key>' or 'x-api-key: <key>'"));
    } else if (keys.matches(bearer) || keys.matches(apiKey)) {
      ctx.next();
    } else {
      ctx.fail(new ProxyFailure(ProxyError.UNAUTHORIZED, "invalid API key"));
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
