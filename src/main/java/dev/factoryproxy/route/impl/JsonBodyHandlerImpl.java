package dev.factoryproxy.route.impl;

import dev.factoryproxy.body.InvalidJsonException;
import dev.factoryproxy.body.JsonBodyScanner;
import dev.factoryproxy.body.RequestFacts;
import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.route.JsonBodyHandler;
import io.vertx.ext.web.RoutingContext;

public final class JsonBodyHandlerImpl implements JsonBodyHandler {

  private final JsonBodyScanner scanner;

  public JsonBodyHandlerImpl(JsonBodyScanner scanner) {
    this.scanner = scanner;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    RequestFacts facts;
    try {
      facts = scanner.scan(exchange.body());
    } catch (InvalidJsonException e) {
      ctx.fail(new ProxyFailure(ProxyError.INVALID_JSON, e.getMessage()));
      return;
    }
    exchange.facts(facts);
    exchange.model(facts.model(), facts.model());
    ctx.next();
  }
}
