package dev.factoryproxy.error.impl;

import dev.factoryproxy.error.ErrorFormat;
import dev.factoryproxy.error.ErrorHandler;
import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.http.ClosingResponse;
import dev.factoryproxy.route.Exchange;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class ErrorHandlerImpl implements ErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  private final String route;
  private final Function<RoutingContext, ErrorFormat> format;

  public ErrorHandlerImpl(String route, Function<RoutingContext, ErrorFormat> format) {
    this.route = route;
    this.format = format;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    if (route != null && exchange != null) {
      exchange.route(route);
    }
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended()) {
      return;
    }
    if (response.headWritten()) {
      // Too late for an error body: cutting the connection is the only honest signal left.
      response.reset();
      return;
    }
    Throwable failure = ctx.failure();
    ProxyError error;
    String message;
    if (failure instanceof ProxyFailure proxyFailure) {
      error = proxyFailure.error();
      message = proxyFailure.getMessage();
    } else if (failure != null) {
      log.error("unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      error = ProxyError.INTERNAL;
      message = "internal proxy error";
    } else {
      error = ProxyError.forStatus(ctx.statusCode());
      message = describe(ctx, error);
    }
    boolean closing = "close".equalsIgnoreCase(response.headers().get("connection"));
    Future<Void> written = response.setStatusCode(error.status())
        .putHeader("content-type", "application/json")
        .end(format.apply(ctx).render(error, message));
    if (closing) {
      // The request was not read to its end: what follows on the connection is not a request.
      ClosingResponse.closeAfter(written, ctx.request().connection());
    }
  }

  private static String describe(RoutingContext ctx, ProxyError error) {
    String request = ctx.request().method() + " " + ctx.request().path();
    return switch (error) {
      case NOT_FOUND -> "no route for " + request + "; GET / lists the routes";
      case METHOD_NOT_ALLOWED -> request + " is not allowed; GET / lists the routes and their methods";
      default -> request + " failed with status " + error.status();
    };
  }
}
