package dev.factoryproxy.keys;

import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.route.Exchange;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * After the JSON stage (which found the model): a key with a {@code models} list may use only
 * the models it names, by the name the client sent or the one an alias made of it; otherwise
 * 403 {@code permission_error} naming the model.
 */
public final class ModelAccessHandler implements Handler<RoutingContext> {

  private final KeyRegistry keys;

  private ModelAccessHandler(KeyRegistry keys) {
    this.keys = keys;
  }

  public static ModelAccessHandler create(KeyRegistry keys) {
    return new ModelAccessHandler(keys);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    KeySpec key = exchange.key();
    if (key == null || key.models().isEmpty()
        || keys.current().models(key).allows(exchange.requestedModel(), exchange.model())) {
      ctx.next();
      return;
    }
    String model = exchange.requestedModel() != null ? exchange.requestedModel() : exchange.model();
    ctx.fail(new ProxyFailure(ProxyError.MODEL_NOT_ALLOWED, model == null
        ? "API key " + key.name() + " must name a model: it may use only " + String.join(", ", key.models())
        : "API key " + key.name() + " may not use model " + model));
  }
}
