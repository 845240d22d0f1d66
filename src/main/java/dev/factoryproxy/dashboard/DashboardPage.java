package dev.factoryproxy.dashboard;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /dashboard}: one HTML page from the jar. The page itself holds no data: it asks for
 * {@code ADMIN_API_KEY}, keeps it in {@code sessionStorage}, and reads {@code /admin/events} with it.
 */
public final class DashboardPage implements Handler<RoutingContext> {

  static final String PAGE = "webroot/dashboard.html";

  private DashboardPage() {
  }

  public static DashboardPage create() {
    return new DashboardPage();
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-store")
        .putHeader("content-security-policy", "default-src 'self'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; img-src 'self' data:")
        .sendFile(PAGE).onFailure(ctx::fail);
  }
}
