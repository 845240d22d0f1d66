package dev.factoryproxy.route;

import dev.factoryproxy.route.impl.AccessLogHandlerImpl;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * First stage of every request: gives it a request id (the client's {@code X-Request-Id}
 * when it is a sane one), starts its clock, and writes one line to the {@code access} log
 * when the response ends or the client goes away.
 */
public interface AccessLogHandler extends Handler<RoutingContext> {

  String LOGGER = "dev.factoryproxy.access";

  static AccessLogHandler create() {
    return new AccessLogHandlerImpl();
  }

  /**
   * The line for a request refused before it could be routed (the decoder's 400, 414, 431):
   * the same fields, {@code outcome=refused} and the reason, so that smuggling attempts and
   * oversized heads show in the log next to the requests that were served.
   */
  static void refused(HttpServerRequest request, long startNanos, String reason) {
    AccessLogHandlerImpl.refused(request, startNanos, reason);
  }
}
