package dev.factoryproxy.usage;

import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.limits.Limiter;
import dev.factoryproxy.route.Exchange;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the forwarder: when the exchange ends, a request that reached Factory is recorded in
 * the {@link UsageLedger} with the usage the forwarder's observer read, and its tokens are charged
 * to the key's limits. Recording happens after the response, off the request's critical path.
 */
public final class UsageHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(UsageHandler.class);

  private final UsageLedger ledger;
  private final Limiter limiter;

  private UsageHandler(UsageLedger ledger, Limiter limiter) {
    this.ledger = ledger;
    this.limiter = limiter;
  }

  public static UsageHandler create(UsageLedger ledger, Limiter limiter) {
    return new UsageHandler(ledger, limiter);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Exchange exchange = Exchange.of(ctx);
    ctx.addEndHandler(end -> {
      if (exchange.upstreamStatus() == 0) {
        return;
      }
      ledger.record(exchange.keyName(), exchange.model(), exchange.usage())
          .onFailure(err -> log.warn("usage of key {} not recorded: {}", exchange.keyName(), err.getMessage()));
      KeySpec key = exchange.key();
      if (key != null) {
        limiter.charge(key, UsageFields.billable(exchange.usage()))
            .onFailure(err -> log.warn("tokens of key {} not charged: {}", key.name(), err.getMessage()));
      }
    });
    ctx.next();
  }
}
