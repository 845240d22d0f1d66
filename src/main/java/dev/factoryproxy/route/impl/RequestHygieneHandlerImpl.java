package dev.factoryproxy.route.impl;

import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.route.RequestHygieneHandler;
import io.vertx.ext.web.RoutingContext;

public final class RequestHygieneHandlerImpl implements RequestHygieneHandler {

  private final int maxUriLength;

  public RequestHygieneHandlerImpl(int maxUriLength) {
    this.maxUriLength = maxUriLength;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String uri = ctx.request().uri();
    if (uri.length() > maxUriLength) {
      reject(ctx, new ProxyFailure(ProxyError.URI_TOO_LONG,
          "the request target is longer than MAX_URI_LENGTH (" + maxUriLength + " bytes)"));
      return;
    }
    // Parsers disagree on both: a fragment is cut by one and sent on by another; a backslash
    // is a slash to a browser-style URL parser and a plain character to Vert.x. Neither has a
    // use in an API call.
    if (uri.indexOf('#') >= 0 || uri.indexOf('\\') >= 0) {
      reject(ctx, new ProxyFailure(ProxyError.MALFORMED_REQUEST,
          "malformed request: the request target must not contain '#' or '\\'"));
      return;
    }
    ctx.next();
  }

  private static void reject(RoutingContext ctx, ProxyFailure failure) {
    // The body, if any, is left unread: what follows on the connection is not a request.
    ctx.response().putHeader("connection", "close");
    ctx.fail(failure);
  }
}
