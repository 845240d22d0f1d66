package dev.factoryproxy.tokens;

import dev.factoryproxy.config.Secret;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt's use of a token: it counts as in flight until {@link #release()}. The value is the
 * one the attempt was sent with, so that a 401 on a value already replaced does not disable the new one.
 */
public final class Lease {

  private final PooledToken token;
  private final Secret value;
  private final CharSequence authorization;
  private final AtomicBoolean released = new AtomicBoolean();

  Lease(PooledToken token) {
    this.token = token;
    this.value = token.value();
    this.authorization = token.authorization();
    token.inFlight.incrementAndGet();
  }

  /** The token's name, for the access log. */
  public String name() {
    return token.name();
  }

  /** {@code Bearer <value>}, pre-encoded, for the upstream {@code Authorization} header only. */
  public CharSequence authorization() {
    return authorization;
  }

  /** Ends the attempt's use of the token; calling it again does nothing. */
  public void release() {
    if (released.compareAndSet(false, true)) {
      token.inFlight.decrementAndGet();
    }
  }

  PooledToken token() {
    return token;
  }

  Secret value() {
    return value;
  }

  @Override
  public String toString() {
    return "Lease[" + name() + "]";
  }
}
