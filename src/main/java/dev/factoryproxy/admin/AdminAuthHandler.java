package dev.factoryproxy.admin;

import dev.factoryproxy.config.Secret;
import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.keys.KeyDigests;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;

/**
 * Guards {@code /admin/*}: with {@code ADMIN_API_KEY} set, only {@code Authorization: Bearer
 * <ADMIN_API_KEY>} passes (compared in constant time); without it, only a connection from this
 * machine does. Client keys never open the admin API.
 */
public final class AdminAuthHandler implements Handler<RoutingContext> {

  private static final String BEARER = "bearer ";

  private final byte[] digest;

  private AdminAuthHandler(Secret adminKey) {
    this.digest = adminKey == null ? null : KeyDigests.sha256(adminKey.value());
  }

  public static AdminAuthHandler create(Secret adminKey) {
    return new AdminAuthHandler(adminKey);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (digest == null) {
      if (loopback(ctx.request().connection().remoteAddress())) {
        ctx.next();
      } else {
        ctx.fail(new ProxyFailure(ProxyError.ADMIN_FORBIDDEN,
            "/admin answers only on loopback unless ADMIN_API_KEY is set"));
      }
      return;
    }
    String authorization = ctx.request().getHeader("authorization");
    boolean bearer = authorization != null && authorization.length() > BEARER.length()
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    if (bearer && MessageDigest.isEqual(digest, KeyDigests.sha256(authorization.substring(BEARER.length()).trim()))) {
      ctx.next();
    } else {
      ctx.fail(new ProxyFailure(ProxyError.UNAUTHORIZED, "/admin needs 'Authorization: Bearer <ADMIN_API_KEY>'"));
    }
  }

  private static boolean loopback(SocketAddress address) {
    if (address == null || address.hostAddress() == null) {
      return false;
    }
    try {
      // A literal address: no name lookup happens.
      return InetAddress.getByName(address.hostAddress()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
