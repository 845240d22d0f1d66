package dev.factoryproxy.catalog;

import dev.factoryproxy.catalog.impl.ModelsHandlerImpl;
import dev.factoryproxy.error.ErrorFormat;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/:id}, answered from the catalog without
 * calling Factory AI. The list holds each catalog id once; aliases are names for those models,
 * not models of their own, so they are not listed, but {@code /v1/models/<alias>} answers with
 * the model it stands for (under its id), as Anthropic's API does for its aliases.
 *
 * <p>The shape follows the caller: Anthropic's ({@code type}, {@code display_name},
 * {@code created_at}, {@code has_more}) when the request carries {@code anthropic-version},
 * which every Anthropic SDK sends; else OpenAI's ({@code object}, {@code created},
 * {@code owned_by}). An unknown model is a 404 {@code ProxyFailure}, for an
 * {@code ErrorHandler} built with {@link #errorFormat(RoutingContext)}.
 */
public interface ModelsHandler extends Handler<RoutingContext> {

  /** The path parameter naming one model: mount the handler on {@code /v1/models/:id} too. */
  String ID_PARAM = "id";

  static ModelsHandler create(ModelCatalog catalog) {
    return new ModelsHandlerImpl(catalog);
  }

  /** Whether the request came from an Anthropic client, which wants Anthropic's shapes. */
  static boolean anthropic(RoutingContext ctx) {
    return ctx.request().headers().contains("anthropic-version");
  }

  /** The error format of these endpoints, for {@code ErrorHandler.create(ModelsHandler::errorFormat)}. */
  static ErrorFormat errorFormat(RoutingContext ctx) {
    return anthropic(ctx) ? ErrorFormat.ANTHROPIC : ErrorFormat.OPENAI;
  }
}
