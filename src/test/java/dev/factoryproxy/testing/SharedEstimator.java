package dev.factoryproxy.testing;

import dev.factoryproxy.translate.TokenEstimator;
import io.vertx.core.Future;

/**
 * One {@link TokenEstimator} for every proxy a test JVM starts: its encoding takes seconds to
 * load, as {@code MainVerticle} loads it once per process. Loaded on first use (the holder idiom).
 */
public final class SharedEstimator {

  private SharedEstimator() {
  }

  private static final class Holder {
    static final TokenEstimator ESTIMATOR = new TokenEstimator();
  }

  public static Future<TokenEstimator> get() {
    return Future.succeededFuture(Holder.ESTIMATOR);
  }
}
