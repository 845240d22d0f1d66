package dev.factoryproxy.admin;

import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import dev.factoryproxy.keys.KeyLimits;
import dev.factoryproxy.keys.KeyRegistry;
import dev.factoryproxy.keys.KeySpec;
import dev.factoryproxy.limits.Limiter;
import dev.factoryproxy.usage.UsageLedger;
import dev.factoryproxy.usage.UsageRow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /admin/usage?key=&model=&since=} and {@code GET /admin/keys}. Neither ever shows a
 * key or its hash.
 */
public final class AdminHandler {

  private final KeyRegistry keys;
  private final Limiter limiter;
  private final UsageLedger ledger;

  private AdminHandler(KeyRegistry keys, Limiter limiter, UsageLedger ledger) {
    this.keys = keys;
    this.limiter = limiter;
    this.ledger = ledger;
  }

  public static AdminHandler create(KeyRegistry keys, Limiter limiter, UsageLedger ledger) {
    return new AdminHandler(keys, limiter, ledger);
  }

  /** {@code since} is a UTC date, inclusive; every filter is optional and exact. */
  public void usage(RoutingContext ctx) {
    String key = ctx.request().getParam("key");
    String model = ctx.request().getParam("model");
    LocalDate since;
    try {
      String text = ctx.request().getParam("since");
      since = text == null || text.isBlank() ? LocalDate.MIN : LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      ctx.fail(new ProxyFailure(ProxyError.MALFORMED_REQUEST, "since must be a date such as 2026-11-25"));
      return;
    }
    ledger.rows(row -> (key == null || key.equals(row.key())) && (model == null || model.equals(row.model()))
            && !row.day().isBefore(since))
        .onSuccess(rows -> json(ctx, new JsonObject().put("usage",
            new JsonArray(rows.stream().map(UsageRow::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  public void keys(RoutingContext ctx) {
    described().onSuccess(all -> json(ctx, new JsonObject().put("keys", all))).onFailure(ctx::fail);
  }

  /** Every key as {@code /admin/keys} shows it, with its window (cluster-wide in a cluster). */
  public Future<JsonArray> described() {
    List<KeySpec> all = keys.current().keys();
    return Future.all(all.stream().map(this::describe).toList()).map(done -> new JsonArray(done.list()));
  }

  private Future<JsonObject> describe(KeySpec key) {
    KeyLimits limits = key.limits();
    JsonObject out = new JsonObject()
        .put("name", key.name())
        .put("disabled", key.disabled())
        .put("expires", key.expiresAt() == null ? null : key.expiresAt().toString())
        .put("models", new JsonArray(key.models()))
        .put("limits", new JsonObject().put("rpm", limits.rpm()).put("tpm", limits.tpm())
            .put("concurrency", limits.concurrency()).put("daily_tokens", limits.dailyTokens()));
    return limiter.window(key).map(window -> out.put("window", window));
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
        .end(body.toBuffer());
  }
}
