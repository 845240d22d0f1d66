package dev.factoryproxy.catalog.impl;

import dev.factoryproxy.catalog.ModelCatalog;
import dev.factoryproxy.catalog.ModelSpec;
import dev.factoryproxy.catalog.ModelsHandler;
import dev.factoryproxy.error.ProxyError;
import dev.factoryproxy.error.ProxyFailure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

public final class ModelsHandlerImpl implements ModelsHandler {

  /**
   * The creation date every model reports: the epoch, which Anthropic's Models API documents for
   * a model whose release date is unknown. The catalog records no dates, and a start time would
   * differ between restarts and between the nodes behind one load balancer, so clients that
   * cache or compare the list would see churn; the epoch is the same everywhere.
   */
  static final Instant CREATED = Instant.EPOCH;

  private final ModelCatalog catalog;
  private final Buffer openaiList;

  public ModelsHandlerImpl(ModelCatalog catalog) {
    this.catalog = catalog;
    JsonArray data = new JsonArray();
    catalog.models().forEach(spec -> data.add(openai(spec)));
    this.openaiList = new JsonObject().put("object", "list").put("data", data).toBuffer();
  }

  @Override
  public void handle(RoutingContext ctx) {
    Buffer body;
    try {
      body = body(ctx);
    } catch (ProxyFailure failure) {
      ctx.fail(failure);
      return;
    }
    ctx.response().putHeader("content-type", "application/json").end(body);
  }

  /** @throws ProxyFailure for an unknown model or a bad paging parameter */
  private Buffer body(RoutingContext ctx) {
    String id = ctx.pathParam(ID_PARAM);
    boolean anthropic = ModelsHandler.anthropic(ctx);
    if (id == null) {
      return anthropic ? anthropicPage(ctx) : openaiList;
    }
    ModelSpec spec = catalog.find(id);
    if (spec == null) {
      throw new ProxyFailure(ProxyError.MODEL_NOT_FOUND, "The model '" + id + "' does not exist; "
          + "GET /v1/models lists the models");
    }
    return (anthropic ? anthropic(spec) : openai(spec)).toBuffer();
  }

  /** Anthropic's list is paged by {@code limit}, {@code after_id} and {@code before_id}. */
  private Buffer anthropicPage(RoutingContext ctx) {
    List<ModelSpec> models = catalog.models();
    int from = 0;
    int to = models.size();
    String after = ctx.queryParams().get("after_id");
    String before = ctx.queryParams().get("before_id");
    if (after != null) {
      from = indexOf(models, after) + 1;
    }
    if (before != null) {
      to = indexOf(models, before);
    }
    int limit = limit(ctx.queryParams().get("limit"));
    List<ModelSpec> window = from >= to ? List.of() : models.subList(from, to);
    // Paging backwards (before_id only) keeps the items nearest the cursor, as Anthropic does.
    List<ModelSpec> page = window.size() <= limit ? window
        : before != null && after == null ? window.subList(window.size() - limit, window.size())
        : window.subList(0, limit);
    JsonArray data = new JsonArray();
    page.forEach(spec -> data.add(anthropic(spec)));
    return new JsonObject()
        .put("data", data)
        .put("has_more", page.size() < window.size())
        .put("first_id", page.isEmpty() ? null : page.get(0).id())
        .put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).id())
        .toBuffer();
  }

  private static int indexOf(List<ModelSpec> models, String id) {
    for (int i = 0; i < models.size(); i++) {
      if (models.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new ProxyFailure(ProxyError.MODEL_NOT_FOUND, "The model '" + id + "' given as a cursor does not exist");
  }

  /** Anthropic's range: 1 to 1000, 20 when not given. */
  private static int limit(String text) {
    if (text == null) {
      return 20;
    }
    try {
      int limit = Integer.parseInt(text.trim());
      if (limit >= 1 && limit <= 1000) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ProxyFailure(ProxyError.MALFORMED_REQUEST, "limit must be a whole number from 1 to 1000");
  }

  private static JsonObject openai(ModelSpec spec) {
    return new JsonObject()
        .put("id", spec.id())
        .put("object", "model")
        .put("created", CREATED.getEpochSecond())
        .put("owned_by", spec.provider());
  }

  private static JsonObject anthropic(ModelSpec spec) {
    return new JsonObject()
        .put("type", "model")
        .put("id", spec.id())
        .put("display_name", spec.id())
        .put("created_at", CREATED.toString());
  }
}
