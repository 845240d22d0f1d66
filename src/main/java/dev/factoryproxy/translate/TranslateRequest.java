package dev.factoryproxy.translate;

import dev.factoryproxy.catalog.ModelSpec;
import dev.factoryproxy.config.RouteSpec;
import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.route.Exchange;
import dev.factoryproxy.translate.model.Conversation;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * The stage that rewrites a request for a model of another API: the client's format reads the
 * body into the common model, the model's format writes it for Factory. The answer is translated
 * back by the forwarder, with the {@link Translation} this stage leaves on the exchange. Same-API
 * requests pass untouched. A request that cannot be carried without changing its meaning gets a
 * 400 in the client's shape naming the field.
 */
public final class TranslateRequest implements Handler<RoutingContext> {

  private final RouteSpec route;
  private final Formats formats;
  private final ReasoningBudgets budgets;
  private final Future<TokenEstimator> estimator;
  private final Clock clock;

  private TranslateRequest(RouteSpec route, Formats formats, ReasoningBudgets budgets,
                           Future<TokenEstimator> estimator, Clock clock) {
    this.route = route;
    this.formats = formats;
    this.budgets = budgets;
    this.estimator = estimator;
    this.clock = clock;
  }

  /**
   * @param estimator the local token counter; while it is still loading, a Messages client's
   *     {@code message_start} reports 0 input tokens and its {@code message_delta} the real count
   */
  public static TranslateRequest create(RouteSpec route, Formats formats, ReasoningBudgets budgets,
                                        Future<TokenEstimator> estimator, Clock clock) {
    return new TranslateRequest(route, formats, budgets, estimator, clock);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    ModelSpec target = exchange.translateTo();
    if (target == null) {
      ctx.next();
      return;
    }
    WireFormat client = formats.of(route.api());
    WireFormat upstream = formats.of(target.api());
    TranslationContext context = new TranslationContext(route.api(), target.api(),
        exchange.requestedModel() != null ? exchange.requestedModel() : target.id(),
        target.maxTokens(), budgets, clock.instant().getEpochSecond());
    try {
      Conversation conversation = client.readRequest(JsonTrees.parse(exchange.body()), context).withModel(target.id());
      if (context.client() == WireApi.MESSAGES && conversation.stream() && estimator.succeeded()) {
        // message_start must carry the input usage, which the other two formats report only at the end.
        context.estimatedInputTokens(estimator.result().inputTokens(conversation));
      }
      exchange.body(JsonTrees.buffer(upstream.writeRequest(conversation, context)));
    } catch (TranslationException e) {
      ctx.fail(new ProxyFailure(ProxyError.UNSUPPORTED_FIELD, e.getMessage()));
      return;
    }
    exchange.translation(new Translation(client, upstream, context));
    ctx.next();
  }
}
