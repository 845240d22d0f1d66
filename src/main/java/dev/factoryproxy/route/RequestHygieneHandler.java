package dev.factoryproxy.route;

import dev.factoryproxy.route.impl.RequestHygieneHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The first stage after the access log: refuses a request target the proxy will not route,
 * before any other stage looks at the request. A target over {@code MAX_URI_LENGTH} is 414;
 * one holding a fragment ({@code #}) or a backslash is 400. Either way the connection closes,
 * since the body is left unread. (Requests the decoder refused never reach the Router: see
 * {@code http.InvalidRequestHandler}.)
 */
public interface RequestHygieneHandler extends Handler<RoutingContext> {

  static RequestHygieneHandler create(int maxUriLength) {
    return new RequestHygieneHandlerImpl(maxUriLength);
  }
}
