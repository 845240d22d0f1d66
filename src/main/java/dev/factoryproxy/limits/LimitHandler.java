package dev.factoryproxy.limits;

import dev.factoryproxy.error.ErrorFormat;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.route.Exchange;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * The limits stage, after the model check: a refused request gets a 429 in the route's error
 * format with {@code Retry-After} and the rate-limit headers, and never reaches Factory. A
 * concurrency slot is held until the response ends or the client goes away.
 */
public final class LimitHandler implements Handler<RoutingContext> {

  private final Limiter limiter;
  private final ErrorFormat format;
  private final Clock clock;

  private LimitHandler(Limiter limiter, ErrorFormat format, Clock clock) {
    this.limiter = limiter;
    this.format = format;
    this.clock = clock;
  }

  public static LimitHandler create(Limiter limiter, ErrorFormat format, Clock clock) {
    return new LimitHandler(limiter, format, clock);
  }

  @Override
  public void handle(RoutingContext ctx) {
    KeySpec key = Exchange.of(ctx).key();
    if (key == null || !key.limits().any()) {
      ctx.next();
      return;
    }
    limiter.admit(key).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Verdict verdict = ar.result();
      if (!verdict.admitted()) {
        Exchange.of(ctx).rateLimited(verdict.limit());
        RateHeaders.apply(ctx.response().headers(), format, verdict, clock.instant());
        ctx.fail(new ProxyFailure(verdict.refusal(), verdict.message()));
        return;
      }
      if (key.limits().concurrency() != null) {
        if (ctx.response().closed() || ctx.response().ended()) {
          // The client left while the limiter was asked: no end handler would ever run.
          limiter.release(key);
          return;
        }
        ctx.addEndHandler(end -> limiter.release(key));
      }
      ctx.next();
    });
  }
}
